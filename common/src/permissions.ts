// What each role may do, as `me.permissions` tells a client. The gateway enforces the same rules
// from the schema's @requiresScopes and @policy; tests/permissions.test.ts checks that every
// permission's roles are exactly the roles those directives let through, so the two cannot drift.
import type { Identity, Role } from './identity.ts';

export interface PermissionRule {
  /** Who holds it; `anonymous` is a caller with no token. */
  roles: readonly (Role | 'anonymous')[];
  /** In plain English, for the schema's enum description. */
  description: string;
  /** The schema coordinates it opens (`Type.field`), as the supergraph names them. */
  coordinates: readonly string[];
}

const everyone = ['anonymous', 'business', 'police', 'partner', 'analyst', 'admin'] as const;

export const permissionRules = {
  FIND_HELP: { roles: everyone, description: 'Ask what help exists for a business and a crime type, and read the public directory.', coordinates: ['Query.help'] },
  REGISTER_BUSINESS: { roles: ['business'], description: "Register and update the caller's own business profile.", coordinates: ['Mutation.registerBusiness', 'Mutation.updateBusiness'] },
  REPORT_CRIME: { roles: ['business'], description: 'Report a business crime and follow its own reports.', coordinates: ['Mutation.reportBusinessCrime', 'Viewer.crimeReports'] },
  REQUEST_SUPPORT: { roles: ['business'], description: 'Send enquiries about support offers and read their answers.', coordinates: ['Mutation.requestSupport'] },
  BOOK_TRAINING: { roles: ['business'], description: "Book and cancel Cyber Champions training for the business's staff.", coordinates: ['Mutation.bookTrainingSession', 'Mutation.cancelBooking'] },
  READ_CRIME_REPORTS: { roles: ['police'], description: 'Read every crime report: the police work list.', coordinates: ['Query.crimeReports'] },
  UPDATE_CRIME_REPORTS: { roles: ['police'], description: "Add updates and outcomes to a report's timeline.", coordinates: ['Mutation.addCrimeReportUpdate'] },
  READ_AUDIT_TRAIL: { roles: ['police'], description: 'Read who read crime reports, and when.', coordinates: ['Query.reportAccessLog'] },
  READ_STATISTICS: {
    roles: ['police', 'analyst', 'admin'],
    description: 'Read business-crime statistics (aggregates only, small counts suppressed).',
    coordinates: ['Query.crimeReportStatistics', 'Query.crimeStatistics', 'Query.supportStatistics', 'Query.cyberStatistics', 'Query.victimStatistics'],
  },
  ANSWER_ENQUIRIES: { roles: ['partner'], description: "Answer enquiries sent to the organisation's support offers.", coordinates: ['Mutation.answerEnquiry'] },
  MANAGE_TRAINING: {
    roles: ['partner', 'admin'],
    description: "See who is booked on the organisation's sessions and add trained attendees to the champions register.",
    coordinates: ['TrainingSession.bookings', 'Mutation.registerCyberChampion'],
  },
  HANDLE_REFERRALS: {
    roles: ['partner'],
    description: "Read police referrals to the organisation's victim services and record contact made.",
    coordinates: ['Mutation.recordContactMade', 'Viewer.referrals', 'Query.referral'],
  },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof permissionRules;

/** The permissions an identity holds, in the table's order. */
export function permissionsOf(identity: Identity): Permission[] {
  const role = identity.kind === 'user' ? identity.role : 'anonymous';
  return (Object.keys(permissionRules) as Permission[]).filter((permission) => (permissionRules[permission].roles as readonly string[]).includes(role));
}
