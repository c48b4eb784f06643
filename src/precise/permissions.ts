import type { PreciseCrm } from './common';

/**
 * What precise mode asks for, per CRM, at the moment the user turns it on (options page, in the click handler).
 * - Salesforce: `cookies` to read the session (`sid`) of the org's API host, and that host (my.salesforce.com) to call;
 *   the Lightning host too, where the page runs.
 * - HubSpot: `cookies` for the CSRF cookie the app sends back as a header, and the app's hosts (US and EU).
 * - Pipedrive and Dynamics: only their hosts (the session cookie goes with a same-origin request; no cookie is read).
 *   Dynamics' content script matches only main.aspx, so the Web API path needs the host permission.
 */
export interface PermissionRequest {
  permissions: string[];
  origins: string[];
}

export const PRECISE_PERMISSIONS: Readonly<Record<PreciseCrm, PermissionRequest>> = {
  salesforce: { permissions: ['cookies'], origins: ['https://*.my.salesforce.com/*', 'https://*.lightning.force.com/*'] },
  hubspot: { permissions: ['cookies'], origins: ['https://app.hubspot.com/*', 'https://app-eu1.hubspot.com/*'] },
  pipedrive: { permissions: [], origins: ['https://*.pipedrive.com/*'] },
  dynamics: { permissions: [], origins: ['https://*.dynamics.com/*'] },
};
