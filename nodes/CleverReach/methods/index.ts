import { searchGroups } from './searchGroups';

export const listSearch = { searchGroups };

export const loadOptions = {};
