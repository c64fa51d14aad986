import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { ReadableItem } from '../../../worksheets/readable-answers';
import { isReadableGroup } from '../../../worksheets/readable-answers';

// A printable document of a record, built on the server. DejaVu Sans is
// embedded (subset to the glyphs used), so any name or answer prints as
// written, accents and all, on any reader. Every page carries the same
// header (whose record, which dates) and "Page n of m" at the foot, both
// drawn in the margins once the content is laid out, so neither can ever
// run over it.

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = { top: 78, bottom: 60, left: 56, right: 56 };
const INK = '#1d2a2f';
const MUTED = '#4a5a60';

export interface PageHeader {
	/** "Alex & Sam", or "Alex: my own copy". */
	title: string;
	/** "1 November 2026 to 30 November 2026". */
	subtitle: string;
}

export class RecordPdf {
	private readonly doc: PDFKit.PDFDocument;
	private readonly chunks: Buffer[] = [];
	private readonly done: Promise<Buffer>;

	constructor(private readonly header: PageHeader) {
		this.doc = new PDFDocument({
			size: 'A4',
			margins: MARGIN,
			bufferPages: true,
			font: FONT,
			lang: 'en',
			displayTitle: true,
			info: { Title: `${header.title}, ${header.subtitle}`, Creator: 'Common Ground' }
		});
		this.doc.registerFont('text', FONT);
		this.doc.registerFont('bold', BOLD);
		this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
		this.done = new Promise((resolve, reject) => {
			this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
			this.doc.on('error', reject);
		});
		this.doc.font('text').fillColor(INK);
	}

	title(text: string): this {
		this.doc.font('bold').fontSize(18).text(text).moveDown(0.5);
		return this;
	}

	heading(text: string): this {
		// A heading never sits alone at the foot of a page.
		this.keepSpace(80);
		this.doc.moveDown(0.6).font('bold').fontSize(14).text(text).moveDown(0.3);
		return this;
	}

	subheading(text: string): this {
		this.keepSpace(50);
		this.doc.moveDown(0.4).font('bold').fontSize(11.5).text(text).moveDown(0.2);
		return this;
	}

	paragraph(text: string, options: { muted?: boolean } = {}): this {
		this.doc
			.font('text')
			.fontSize(10.5)
			.fillColor(options.muted ? MUTED : INK)
			.text(text)
			.fillColor(INK)
			.moveDown(0.3);
		return this;
	}

	/** One question and its answer in words; under `label` when set (a partner's name). */
	answer(question: string, answer: string | string[], label?: string): this {
		this.keepSpace(40);
		this.doc
			.font('bold')
			.fontSize(10)
			.text(label ? `${question} (${label})` : question);
		const words = Array.isArray(answer) ? answer.map((item) => `• ${item}`).join('\n') : answer;
		this.doc.font('text').fontSize(10.5).text(words, { indent: 12 }).moveDown(0.35);
		return this;
	}

	/** A response's questions and answers, rows of a list under their names. */
	answers(items: readonly ReadableItem[], label?: string): this {
		for (const item of items) {
			if (!isReadableGroup(item)) {
				this.answer(item.question, item.answer, label);
				continue;
			}
			this.subheading(label ? `${item.question} (${label})` : item.question);
			for (const row of item.rows) {
				this.doc.font('bold').fontSize(10.5).text(row.name, { underline: false }).moveDown(0.1);
				for (const inner of row.answers) this.answer(inner.question, inner.answer);
			}
		}
		return this;
	}

	/** A drawing `height` points tall across the text width, kept whole on one page. */
	figure(
		height: number,
		draw: (doc: PDFKit.PDFDocument, box: { x: number; y: number; width: number }) => void
	): this {
		this.keepSpace(height + 10);
		const box = {
			x: MARGIN.left,
			y: this.doc.y,
			width: this.doc.page.width - MARGIN.left - MARGIN.right
		};
		this.doc.save();
		draw(this.doc, box);
		this.doc.restore();
		this.doc.x = MARGIN.left;
		this.doc.y = box.y + height + 10;
		this.doc.font('text').fontSize(10.5).fillColor(INK);
		return this;
	}

	/** Starts a new page unless `points` of room are left on this one. */
	private keepSpace(points: number): void {
		const bottom = this.doc.page.height - this.doc.page.margins.bottom;
		if (this.doc.y + points > bottom) this.doc.addPage();
	}

	/** Draws the header and page numbers on every page, and returns the finished file. */
	async finish(): Promise<Buffer> {
		const range = this.doc.bufferedPageRange();
		for (let index = range.start; index < range.start + range.count; index++) {
			this.doc.switchToPage(index);
			const page = this.doc.page;
			const width = page.width - MARGIN.left - MARGIN.right;
			// Drawing in the margins must not make pdfkit think the page is full.
			const margins = { ...page.margins };
			page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
			this.doc
				.font('bold')
				.fontSize(10)
				.fillColor(INK)
				.text(this.header.title, MARGIN.left, 28, { width, lineBreak: false, ellipsis: true });
			this.doc
				.font('text')
				.fontSize(9)
				.fillColor(MUTED)
				.text(this.header.subtitle, MARGIN.left, 43, { width, lineBreak: false, ellipsis: true });
			this.doc
				.moveTo(MARGIN.left, 60)
				.lineTo(page.width - MARGIN.right, 60)
				.lineWidth(0.5)
				.strokeColor(MUTED)
				.stroke();
			this.doc.text(
				`Page ${index - range.start + 1} of ${range.count}`,
				MARGIN.left,
				page.height - 38,
				{ width, align: 'right', lineBreak: false }
			);
			page.margins = margins;
		}
		this.doc.end();
		return this.done;
	}
}
