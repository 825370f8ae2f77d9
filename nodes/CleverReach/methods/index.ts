import { getGlobalAttributes, getGroupAttributes } from './getAttributes';
import { getTags } from './getTags';
import { searchForms } from './searchForms';
import { searchGroups } from './searchGroups';
import { searchMailings } from './searchMailings';

export const listSearch = { searchGroups, searchMailings, searchForms };

export const loadOptions = { getGlobalAttributes, getGroupAttributes, getTags };
