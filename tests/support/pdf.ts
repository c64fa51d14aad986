import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each page of a PDF, as a reader would extract it (it must open to be read). */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
	const document = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false })
		.promise;
	const pages: string[] = [];
	for (let number = 1; number <= document.numPages; number++) {
		const page = await document.getPage(number);
		const content = await page.getTextContent();
		pages.push(
			content.items
				.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : ''))
				.join('')
		);
	}
	await document.destroy();
	return pages;
}
