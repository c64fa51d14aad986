import { formatStamp } from '../../time';
import type { PartnerCopy } from './partner-copy';
import { RecordPdf } from './pdf/record-pdf';

// The partner's own copy as the two files they can download from /account.

/** Plain JSON: readable, and easy to take into another program. */
export function partnerCopyJson(copy: PartnerCopy): string {
	const { responseIds: _ids, ...contents } = copy;
	void _ids;
	return JSON.stringify({ about: 'Your own copy from Common Ground', ...contents }, null, 2);
}

export async function partnerCopyPdf(copy: PartnerCopy, zone: string): Promise<Buffer> {
	const pdf = new RecordPdf({
		title: `${copy.yourName}: your own copy`,
		subtitle: `Made ${formatStamp(copy.madeAt, zone)}`
	});
	pdf.title('Your own copy');
	pdf.paragraph(
		'Everything you wrote, and what your partner chose to share with you. Private check-ins are not included.',
		{ muted: true }
	);
	pdf.heading('What you wrote');
	if (copy.yourWork.length === 0) pdf.paragraph('Nothing yet.');
	for (const worksheet of copy.yourWork) {
		pdf.subheading(worksheet.title);
		pdf.paragraph(
			`${worksheet.status === 'draft' ? 'Draft, last saved' : 'Handed in'} ${formatStamp(worksheet.at, zone)}`,
			{ muted: true }
		);
		pdf.answers(worksheet.answers);
	}
	pdf.heading(`Shared with you${copy.otherPartnerName ? ` by ${copy.otherPartnerName}` : ''}`);
	if (copy.sharedWithYou.length === 0) pdf.paragraph('Nothing has been shared with you.');
	for (const worksheet of copy.sharedWithYou) {
		pdf.subheading(worksheet.title);
		pdf.paragraph(`Shared by ${worksheet.from}, ${formatStamp(worksheet.at, zone)}`, {
			muted: true
		});
		pdf.answers(worksheet.answers);
	}
	return pdf.finish();
}
