import { describeAnswer } from '../../worksheets/describe-answer';
import { formatDue, formatSessionTime, formatStamp } from '../../time';
import type { CoupleRecord } from './couple-record';
import { RecordPdf } from './pdf/record-pdf';
import { KIND_LABELS, TIER_LABELS, resolutionLines } from '../../flag-follow-up-labels';

// The couple's record as a PDF for the therapist's files.

/** Below this CSI-4 total a check-in suggests distress (as on the progress page). */
const DISTRESS_LINE = 13.5;
const CHECK_IN_MAX = 21;
const PARTNER_COLOURS = ['#1f5f8b', '#a3561c'];

export async function coupleRecordPdf(
	record: CoupleRecord,
	header: { coupleName: string; rangeText: string },
	zone: string
): Promise<Buffer> {
	const name = (id: string | null) =>
		id === null
			? 'both partners'
			: (record.partners.find((partner) => partner.id === id)?.displayName ?? 'a partner');
	const [first, second] = record.partners;
	const pdf = new RecordPdf({ title: header.coupleName, subtitle: header.rangeText });
	pdf.title(`The record of ${header.coupleName}`);
	pdf.paragraph(header.rangeText, { muted: true });

	pdf.heading('Sessions');
	if (record.sessions.length === 0) pdf.paragraph('No sessions in these dates.');
	for (const session of record.sessions) {
		pdf.paragraph(
			`${formatSessionTime(session.startsAt, zone)}: ${session.format}, ${session.status}`
		);
		if (session.notes) pdf.answer('Your notes', session.notes);
	}

	pdf.heading('Homework set');
	if (record.homework.length === 0) pdf.paragraph('No homework set in these dates.');
	for (const item of record.homework)
		pdf.paragraph(
			`${item.title}, for ${name(item.forPartnerId)}: set ${formatStamp(item.createdAt, zone)}${item.dueAt ? `, due ${formatDue(item.dueAt, zone)}` : ''}${item.cancelled ? ' (cancelled)' : ''}`
		);

	pdf.heading('Handed-in worksheets');
	if (record.worksheets.length === 0) pdf.paragraph('Nothing handed in in these dates.');
	for (const worksheet of record.worksheets) {
		pdf.subheading(worksheet.title);
		pdf.paragraph(
			worksheet.handedIn
				.map((entry) => `${name(entry.partnerId)} handed in ${formatStamp(entry.at, zone)}`)
				.join('; '),
			{ muted: true }
		);
		for (const section of worksheet.sections) {
			const grouped = section.rows.length > 1 || section.title !== section.rows[0]?.question;
			if (grouped) pdf.paragraph(section.title);
			for (const row of section.rows) {
				for (const [partner, answer] of [
					[first, row.first],
					[second, row.second]
				] as const) {
					if (!partner || answer === undefined) continue;
					const words = describeAnswer(row.field, answer);
					if (words !== null) pdf.answer(row.question, words, partner.displayName);
				}
				if (row.difference) pdf.paragraph(row.difference, { muted: true });
			}
		}
	}

	pdf.heading('Concerns');
	if (record.flags.length === 0) pdf.paragraph('No concerns raised in these dates.');
	for (const flag of record.flags) {
		const raisedAs = flag.escalations[0]?.fromTier;
		pdf.paragraph(
			`${name(flag.partnerId)}: ${KIND_LABELS[flag.kind]} (${TIER_LABELS[flag.tier]}), raised ${formatStamp(flag.raisedAt, zone)}${raisedAs ? ` as ${TIER_LABELS[raisedAs]}` : ''}`
		);
		// In the order it happened: an acknowledgement, then the escalation that opened it again.
		for (const escalation of flag.escalations) {
			if (escalation.acknowledgedAt)
				pdf.answer(
					`Acknowledged ${formatStamp(escalation.acknowledgedAt, zone)}`,
					escalation.acknowledgement ?? ''
				);
			pdf.answer(
				`Escalated ${formatStamp(escalation.at, zone)}`,
				`From ${TIER_LABELS[escalation.fromTier]} to ${TIER_LABELS[escalation.toTier]}${escalation.acknowledgedAt ? ', which opened it again' : ''}`
			);
		}
		if (flag.acknowledgedAt)
			pdf.answer(
				`Acknowledged ${formatStamp(flag.acknowledgedAt, zone)}`,
				flag.acknowledgement ?? ''
			);
		if (!flag.resolvedAt || !flag.resolution) pdf.paragraph('Not resolved', { muted: true });
		else {
			pdf.paragraph(`Resolved ${formatStamp(flag.resolvedAt, zone)}`);
			for (const line of resolutionLines(flag.resolution)) pdf.answer(line.label, line.text);
		}
	}

	pdf.heading('Relationship check-ins (CSI-4)');
	if (record.checkIns.length === 0) pdf.paragraph('No check-ins in these dates.');
	else {
		pdf.figure(150, (doc, box) => drawCheckIns(doc, box, record, name));
		for (const point of record.checkIns)
			pdf.paragraph(
				`${formatStamp(point.at, zone)}, ${name(point.partnerId)}: ${point.total} of ${CHECK_IN_MAX}${point.total < DISTRESS_LINE ? ' (below the distress line)' : ''}`
			);
	}
	return pdf.finish();
}

/** The totals over time, one line per partner, with the distress line dashed. */
function drawCheckIns(
	doc: PDFKit.PDFDocument,
	box: { x: number; y: number; width: number },
	record: CoupleRecord,
	name: (id: string) => string
): void {
	const height = 120;
	const times = record.checkIns.map((point) => new Date(point.at).getTime());
	const start = Math.min(...times);
	const span = Math.max(Math.max(...times) - start, 1);
	const x = (at: string) =>
		box.x + 30 + ((new Date(at).getTime() - start) / span) * (box.width - 40);
	const y = (total: number) => box.y + height - (total / CHECK_IN_MAX) * height;
	doc.lineWidth(0.5).strokeColor('#4a5a60');
	doc
		.moveTo(box.x + 30, box.y)
		.lineTo(box.x + 30, box.y + height)
		.lineTo(box.x + box.width, box.y + height)
		.stroke();
	doc.font('text').fontSize(8).fillColor('#4a5a60');
	for (const total of [0, 7, 14, 21])
		doc.text(String(total), box.x, y(total) - 4, { width: 24, align: 'right', lineBreak: false });
	doc
		.dash(3, { space: 3 })
		.moveTo(box.x + 30, y(DISTRESS_LINE))
		.lineTo(box.x + box.width, y(DISTRESS_LINE))
		.stroke()
		.undash();
	record.partners.forEach((partner, index) => {
		const points = record.checkIns.filter((point) => point.partnerId === partner.id);
		const colour = PARTNER_COLOURS[index % PARTNER_COLOURS.length]!;
		doc.lineWidth(1.5).strokeColor(colour).fillColor(colour);
		points.forEach((point, at) => {
			if (at === 0) doc.moveTo(x(point.at), y(point.total));
			else doc.lineTo(x(point.at), y(point.total));
		});
		if (points.length > 1) doc.stroke();
		for (const point of points) doc.circle(x(point.at), y(point.total), 2.5).fill();
		doc.fontSize(8).text(`● ${name(partner.id)}`, box.x + 40 + index * 110, box.y + height + 6, {
			lineBreak: false
		});
	});
	doc
		.fillColor('#4a5a60')
		.text(
			'- - distress line (13.5)',
			box.x + 40 + record.partners.length * 110,
			box.y + height + 6,
			{ lineBreak: false }
		);
}
