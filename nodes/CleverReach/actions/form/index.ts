import type { INodeProperties } from 'n8n-workflow';
import type { Operation } from '../../../shared/utils';

// Scaffold: the operations of this resource are being written (one file per operation, as in ../group).
export const operations: Record<string, Operation> = {};

export const description: INodeProperties[] = [];
