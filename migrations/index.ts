import type { Migration } from 'kysely';
import * as foundation from './20261127T1400-Foundation';
import * as worksheetTemplates from './20261127T1600-WorksheetTemplates';
import * as casework from './20261127T1700-Casework';
import * as partnerResponses from './20261127T1800-PartnerResponses';
import * as sessionPrep from './20261127T1900-SessionPrep';
import * as homeworkWaitingOn from './20261127T2000-HomeworkWaitingOn';
import * as homeworkDifferences from './20261127T2100-HomeworkDifferences';
import * as checkInTotals from './20261127T2200-CheckInTotals';
import * as storedFlagKinds from './20261201T1100-StoredFlagKinds';
import * as partnerCoupleOnce from './20261201T1200-PartnerCoupleOnce';
import * as backfills from './20261201T1300-Backfills';
import * as mailChannel from './20261202T0100-MailChannel';
import * as safeOnASharedPhone from './20261202T0200-SafeOnASharedPhone';
import * as pagesAtAnySize from './20261202T0300-PagesAtAnySize';
import * as measurementBasedCare from './20261202T0400-MeasurementBasedCare';
import * as accountSafety from './20261202T0500-AccountSafety';
import * as twoStepSignIn from './20261202T0600-TwoStepSignIn';
import * as practices from './20261202T0700-Practices';
import * as supervision from './20261202T0800-Supervision';
import * as practiceRetention from './20261202T0900-PracticeRetention';
import * as passkeys from './20261202T1000-Passkeys';
import * as practicePolicies from './20261202T1005-PracticePolicies';
import * as sessionLinksAndCalendars from './20261202T1100-SessionLinksAndCalendars';
import * as sharedAnswersRelease from './20261202T1200-SharedAnswersRelease';
import * as ownWorksheets from './20261202T1300-OwnWorksheets';
import * as therapistPrograms from './20261202T1400-TherapistPrograms';
import * as checkInReminders from './20261202T1500-CheckInReminders';
import * as sharedThrottles from './20261202T1600-SharedThrottles';
import * as flagEscalations from './20261202T1700-FlagEscalations';

// Every migration, by name, in the order it was written. Names are never changed
// once released: the database records them. A unit test checks that each file
// in this folder is listed here.
export const migrations: Record<string, Migration> = {
	'20261127T1400-Foundation': foundation,
	'20261127T1600-WorksheetTemplates': worksheetTemplates,
	'20261127T1700-Casework': casework,
	'20261127T1800-PartnerResponses': partnerResponses,
	'20261127T1900-SessionPrep': sessionPrep,
	'20261127T2000-HomeworkWaitingOn': homeworkWaitingOn,
	'20261127T2100-HomeworkDifferences': homeworkDifferences,
	'20261127T2200-CheckInTotals': checkInTotals,
	'20261201T1100-StoredFlagKinds': storedFlagKinds,
	'20261201T1200-PartnerCoupleOnce': partnerCoupleOnce,
	'20261201T1300-Backfills': backfills,
	'20261202T0100-MailChannel': mailChannel,
	'20261202T0200-SafeOnASharedPhone': safeOnASharedPhone,
	'20261202T0300-PagesAtAnySize': pagesAtAnySize,
	'20261202T0400-MeasurementBasedCare': measurementBasedCare,
	'20261202T0500-AccountSafety': accountSafety,
	'20261202T0600-TwoStepSignIn': twoStepSignIn,
	'20261202T0700-Practices': practices,
	'20261202T0800-Supervision': supervision,
	'20261202T0900-PracticeRetention': practiceRetention,
	'20261202T1000-Passkeys': passkeys,
	'20261202T1005-PracticePolicies': practicePolicies,
	'20261202T1100-SessionLinksAndCalendars': sessionLinksAndCalendars,
	'20261202T1200-SharedAnswersRelease': sharedAnswersRelease,
	'20261202T1300-OwnWorksheets': ownWorksheets,
	'20261202T1400-TherapistPrograms': therapistPrograms,
	'20261202T1500-CheckInReminders': checkInReminders,
	'20261202T1600-SharedThrottles': sharedThrottles,
	'20261202T1700-FlagEscalations': flagEscalations
};
