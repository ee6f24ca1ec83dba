/**
 * What a help-desk deep link asks for, after validation: a pre-filled wizard, never an action.
 */

/** The URL scheme the app registers with the operating system. */
export const DEEP_LINK_SCHEME = 'pim-stepup';

export type { DeepLinkDelivery, DeepLinkIntent } from '../../shared/domain/deep-link';
