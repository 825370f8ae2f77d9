/** Parameters shared by Create Draft and Update: the mailing's options (tracking, editor, tags, …) and its targets. */
import type { INodeProperties } from 'n8n-workflow';
import { groupLocator } from '../../../shared/descriptions';

/** The "Options" of a mailing (tracking, category, editor, unsubscribe form, tags) as UI fields. */
export function mailingOptionFields(): INodeProperties[] {
	return [
		{
			displayName: 'Category ID',
			name: 'categoryId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 12',
			description: 'Numeric ID of the mailing category, as shown in CleverReach (mailing categories)',
		},
		{
			displayName: 'Click Tracking',
			name: 'clickTracking',
			type: 'boolean',
			default: true,
			description: 'Whether clicks on links in the mailing are tracked',
		},
		{
			displayName: 'Editor',
			name: 'editor',
			type: 'options',
			default: 'advanced',
			description: 'The CleverReach editor the mailing is opened with in the CleverReach UI',
			options: [
				{ name: 'Advanced (HTML)', value: 'advanced' },
				{ name: 'Eddytor', value: 'eddytor', description: 'CleverReach’s current drag-and-drop editor' },
				{ name: 'Freeform', value: 'freeform' },
				{ name: 'Plain Text', value: 'plaintext' },
				{ name: 'Wizard (Drag and Drop)', value: 'wizard' },
			],
		},
		{
			displayName: 'Google Campaign Name',
			name: 'googleCampaignName',
			type: 'string',
			default: '',
			description:
				'Campaign name added to links for Google Analytics (utm_campaign). Only allowed when Link Tracking Type is Google.',
		},
		{
			displayName: 'Link Tracking Type',
			name: 'linkTrackingType',
			type: 'options',
			default: 'google',
			description: 'Which web-analytics parameters are appended to the links of the mailing',
			options: [
				{ name: 'CleverReach Connect', value: 'crconnect' },
				{ name: 'Google Analytics', value: 'google' },
				{ name: 'intelliAd', value: 'intelliad' },
			],
		},
		{
			displayName: 'Link Tracking URL',
			name: 'linkTrackingUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. 27.example.cleverreach.com',
			description: 'Domain used for tracked links (your CleverReach tracking domain)',
		},
		{
			displayName: 'Open Tracking',
			name: 'openTracking',
			type: 'boolean',
			default: true,
			description:
				'Whether opens are tracked (with an invisible image). Only possible for mailings that have HTML content.',
		},
		{
			displayName: 'Tags',
			name: 'tags',
			type: 'string',
			default: '',
			placeholder: 'e.g. spring, promo',
			description: 'Tags of the mailing, separated by commas',
		},
		{
			displayName: 'Unsubscribe Form ID',
			name: 'unsubscribeFormId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 123456',
			description: 'Numeric ID of the form whose unsubscribe page the unsubscribe link opens; list the forms first with Form › Get Many',
		},
	];
}

/** Target Group IDs: numeric group IDs as text (Create Draft adds them to Target Groups, Update replaces the groups). */
export function targetGroupIdsProperty(description: string): INodeProperties {
	return {
		displayName: 'Target Group IDs',
		name: 'groupIdList',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1234567, 7654321',
		description,
	};
}

/** The Target Groups / Target Group IDs / Segment ID parameters. */
export function targetFields(): INodeProperties[] {
	return [
		{
			displayName: 'Target Groups',
			name: 'targetGroups',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Group',
			description:
				'Groups (recipient lists) that receive the mailing. Give at least one group (here or in Target Group IDs) or a Segment (Filter) ID.',
			options: [
				{
					displayName: 'Groups',
					name: 'groups',
					values: [groupLocator({ description: 'A group that receives the mailing' })],
				},
			],
		},
		targetGroupIdsProperty(
			'Numeric IDs of groups that receive the mailing, separated by commas (or an array from an expression), e.g. for an AI agent. Added to Target Groups.',
		),
		{
			displayName: 'Segment (Filter) ID',
			name: 'filterId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 98765',
			description:
				'Numeric ID of a segment (group filter) to send to only the receivers matching it, as shown in CleverReach under the group’s segments. Optional when groups are given.',
		},
	];
}
