// Prints what pdf.js (pdfjs-dist, the PDF reader of Firefox and of many web viewers) reads
// of PDFs, as one JSON object on stdout with a member per file, named as given: the
// document's info (with the catalog's /Lang as `Language`), XMP and mark info, and for each
// page its structure tree (`page.getStructTree()`) and its text content with marked content
// included (`includeMarkedContent: true`), so that artifacts and the marked-content ids the
// tree refers to are visible.
//
//   node tests/pdfjs/extract.mjs FILE.pdf...
//
// Several files in one run: loading pdf.js costs more than reading a document.
// tests/pdfjs.rs runs it; `npm ci` in this folder installs pdfjs-dist (.ci/run does).
import { readFile } from "node:fs/promises";
import {
  getDocument,
  VerbosityLevel,
  version,
} from "pdfjs-dist/legacy/build/pdf.mjs";

async function extract(file) {
  const data = new Uint8Array(await readFile(file));
  const doc = await getDocument({
    data,
    // Errors still throw; warnings (about the canvas used for rendering, which is not
    // used here) would only be noise on stderr.
    verbosity: VerbosityLevel.ERRORS,
    // Nothing is drawn: fonts are read for their /ToUnicode maps only.
    disableFontFace: true,
    isEvalSupported: false,
  }).promise;

  const { info, metadata } = await doc.getMetadata();
  const out = {
    pdfjs_version: version,
    num_pages: doc.numPages,
    info,
    xmp: metadata ? Object.fromEntries(metadata) : null,
    mark_info: await doc.getMarkInfo(),
    pages: [],
  };

  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const struct_tree = await page.getStructTree();
    const content = await page.getTextContent({ includeMarkedContent: true });
    // Text items keep what a reader uses: the string, its direction and whether a line
    // ends after it. Marked-content items (beginMarkedContent, beginMarkedContentProps,
    // endMarkedContent) keep their tag and id.
    const items = content.items.map((it) =>
      it.type === undefined
        ? { str: it.str, dir: it.dir, eol: it.hasEOL }
        : { type: it.type, tag: it.tag ?? null, id: it.id ?? null },
    );
    out.pages.push({ page: n, struct_tree, items });
    page.cleanup();
  }
  await doc.destroy();
  return out;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node extract.mjs FILE.pdf...");
  process.exit(2);
}
const all = {};
for (const file of files) {
  all[file] = await extract(file);
}
process.stdout.write(JSON.stringify(all) + "\n");
