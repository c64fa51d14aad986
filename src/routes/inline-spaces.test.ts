import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { parse, type AST } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

// Svelte drops the white space at the start of an {#if} or {#each} block, so
// `yet.{#if open} An invitation…` renders "yet.An invitation…". In running
// text a block must begin with an explicit {' '}. This reads every component
// and lists each block, in the middle of a line of text, that begins with
// white space Svelte will drop.

type Node = AST.Fragment['nodes'][number];

/** Blocks in running text whose first words would lose the space before them. */
export function gluedBlocks(source: string): number[] {
	const ast = parse(source, { modern: true });
	const lines: number[] = [];
	const lineOf = (position: number) => source.slice(0, position).split('\n').length;
	const inlineAfter = (before: Node | undefined, parentInline: boolean, previous: boolean) => {
		if (!before) return parentInline;
		// A block right after another block stands where that one stood.
		if (before.type === 'IfBlock' || before.type === 'EachBlock') return previous;
		if (before.type === 'ExpressionTag') return true;
		if (before.type === 'Text') return /\S[^\S\n]*$/.test(before.data);
		if (before.type === 'RegularElement')
			return ['span', 'strong', 'em', 'a', 'b', 'i'].includes(before.name);
		return false;
	};
	const visit = (fragment: AST.Fragment | null | undefined, parentInline: boolean) => {
		if (!fragment) return;
		let previous = parentInline;
		fragment.nodes.forEach((node, index) => {
			const inline = inlineAfter(fragment.nodes[index - 1], parentInline && index === 0, previous);
			previous = inline;
			const inner: Array<AST.Fragment | null | undefined> =
				node.type === 'IfBlock'
					? [node.consequent, node.alternate]
					: node.type === 'EachBlock'
						? [node.body]
						: [];
			for (const block of inner) {
				const [first, second] = block?.nodes ?? [];
				const dropsSpace =
					first?.type === 'Text' &&
					/^\s/.test(first.data) &&
					(first.data.trim() !== '' || second?.type === 'RegularElement');
				if (inline && dropsSpace) lines.push(lineOf(node.start));
				visit(block, inline);
			}
			if ('fragment' in node && node.fragment) visit(node.fragment, false);
		});
	};
	visit(ast.fragment, false);
	return lines;
}

describe('spaces in running text', () => {
	it('are never dropped where a block begins', () => {
		const files = execFileSync('git', ['ls-files', '*.svelte'], { encoding: 'utf8' })
			.split('\n')
			.filter(Boolean);
		expect(files.length).toBeGreaterThan(10);
		const glued = files.flatMap((file) =>
			gluedBlocks(fs.readFileSync(file, 'utf8')).map((line) => `${file}:${line}`)
		);
		expect(glued).toEqual([]);
	});

	it('finds a block that would glue its words to the text before it', () => {
		expect(gluedBlocks('<p>Not joined yet.{#if open}\n\tA link works.{/if}</p>')).toEqual([1]);
		expect(gluedBlocks('<p>{title}{#if shy} <span>Private</span>{/if}</p>')).toEqual([1]);
		expect(
			gluedBlocks('<p>{step}{#each names as name}{#if name}\n · {name}{/if}{/each}</p>')
		).toEqual([1]);
		// An explicit space, and a block that is a whole paragraph, are fine.
		expect(gluedBlocks("<p>Not joined yet.{#if open}{' '}A link works.{/if}</p>")).toEqual([]);
		expect(gluedBlocks('<div>\n{#if open}\n\t<p>Open.</p>\n{/if}</div>')).toEqual([]);
	});
});
