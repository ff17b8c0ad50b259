#!/usr/bin/env python3
"""Reads a PDF with pikepdf (qpdf's Python binding, not smpdoc's code) and prints, as JSON,
what tests/archival.rs checks against PDF/A-3 and PDF/UA-1:

- the catalog's /MarkInfo, /Lang, /ViewerPreferences, /OutputIntents, /Metadata (and
  whether the metadata stream is filtered), and the XMP fields next to the Info values;
- every embedded file's name, /Subtype, /Params and /AFRelationship;
- every font dictionary's /BaseFont and /FontName, and each descriptor's /CapHeight and
  /Ascent;
- every text-showing operator that is neither inside marked content with an MCID nor
  inside an /Artifact; every MCID of every page that the structure tree does not reach;
  and the structure elements (type, /Alt, /Scope).

    python3 tests/pdf_check.py file.pdf
"""
import json
import sys

import pikepdf

TEXT_OPS = {"Tj", "TJ", "'", '"'}


def name(o):
    return str(o)[1:] if isinstance(o, pikepdf.Name) else None


def walk_structure(pdf):
    """Structure elements in order, and the (page index, MCID) pairs the tree reaches."""
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    elements, reached = [], set()
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return elements, reached

    def visit(e, page):
        if isinstance(e, int):
            reached.add((page, e))
            return
        if isinstance(e, pikepdf.Array):
            for k in e:
                visit(k, page)
            return
        if not isinstance(e, pikepdf.Dictionary):
            return
        if e.get("/Type") == pikepdf.Name("/MCR"):
            pg = pages.get(e.Pg.objgen)
            reached.add((pg, int(e.MCID)))
            return
        if "/Pg" in e:
            page = pages.get(e.Pg.objgen)
        if "/S" in e:
            attrs = e.get("/A")
            scope = None
            if isinstance(attrs, pikepdf.Dictionary) and "/Scope" in attrs:
                scope = name(attrs.Scope)
            elements.append({
                "type": name(e.S),
                "alt": str(e.Alt) if "/Alt" in e else None,
                "scope": scope,
            })
        if "/K" in e:
            visit(e.K, page)

    visit(root.get("/K"), None)
    return elements, reached


def content_findings(pdf):
    """Text operators outside marked content and outside artifacts; MCIDs per page."""
    loose, mcids = [], set()
    for i, page in enumerate(pdf.pages):
        stack = []
        for operands, op in pikepdf.parse_content_stream(page):
            op = str(op)
            if op == "BMC":
                stack.append((name(operands[0]), None))
            elif op == "BDC":
                props = operands[1]
                mcid = None
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    mcid = int(props.MCID)
                    mcids.add((i, mcid))
                stack.append((name(operands[0]), mcid))
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op in TEXT_OPS:
                marked = any(tag == "Artifact" or mcid is not None for tag, mcid in stack)
                if not marked:
                    loose.append({"page": i + 1, "op": op})
    return loose, mcids


def icc_header(b):
    """What PDF/A-3 6.2.3 asks of an output intent's profile, read off its ICC header
    (ICC.1:2004-10, 7.2): the declared size is the stream's, the 'acsp' signature, a
    display ('mntr') or output ('prtr') class profile of RGB data with an XYZ or Lab PCS,
    and its major version (PDF/A-3 takes 2 to 4)."""
    return {
        "size_ok": len(b) >= 128 and int.from_bytes(b[0:4], "big") == len(b),
        "magic": b[36:40].decode("latin-1"),
        "class": b[12:16].decode("latin-1"),
        "space": b[16:20].decode("latin-1"),
        "pcs": b[20:24].decode("latin-1"),
        "major": b[8],
    }


def main():
    pdf = pikepdf.open(sys.argv[1])
    root = pdf.Root
    out = {}
    out["marked"] = bool(root.get("/MarkInfo", {}).get("/Marked", False))
    out["lang"] = str(root.Lang) if "/Lang" in root else None
    out["display_doc_title"] = bool(
        root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False))
    intents = root.get("/OutputIntents", [])
    out["output_intents"] = [{
        "s": name(oi.get("/S")),
        "profile_n": int(oi.DestOutputProfile.N) if "/DestOutputProfile" in oi else None,
        "profile": icc_header(oi.DestOutputProfile.read_bytes())
        if "/DestOutputProfile" in oi else None,
        "condition": str(oi.get("/OutputConditionIdentifier", "")),
    } for oi in intents]
    md = root.get("/Metadata")
    out["metadata_filtered"] = None if md is None else "/Filter" in md
    info = pdf.docinfo
    out["info"] = {k[1:]: str(v) for k, v in info.items()}
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        keys = ["pdfaid:part", "pdfaid:conformance", "pdfuaid:part", "dc:title",
                "dc:creator", "dc:description", "dc:language", "xmp:CreateDate",
                "xmp:ModifyDate", "xmp:CreatorTool", "pdf:Producer"]
        xmp = {}
        for k in keys:
            v = meta.get(k)
            if isinstance(v, (list, set)):
                v = sorted(str(x) for x in v)
            elif v is not None:
                v = str(v)
            xmp[k] = v
        out["xmp"] = xmp
    files = []
    for fname, spec in pdf.attachments.items():
        obj = spec.obj
        ef = obj.EF.F
        params = ef.get("/Params", {})
        files.append({
            "name": fname,
            "subtype": name(ef.get("/Subtype")),
            "mod_date": str(params.get("/ModDate")) if "/ModDate" in params else None,
            "relationship": name(obj.get("/AFRelationship")),
        })
    out["attachments"] = files
    out["af"] = len(root.get("/AF", []))
    fonts = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name("/Font") \
                and obj.get("/Subtype") == pikepdf.Name("/Type0"):
            cid = obj.DescendantFonts[0]
            desc = cid.FontDescriptor
            fonts.append({
                "type0": str(obj.BaseFont)[1:],
                "cid": str(cid.BaseFont)[1:],
                "font_name": str(desc.FontName)[1:],
                "cap_height": int(desc.CapHeight),
                "ascent": int(desc.Ascent),
            })
    out["fonts"] = fonts
    loose, mcids = content_findings(pdf)
    elements, reached = walk_structure(pdf)
    out["loose_text_ops"] = loose
    out["mcids"] = len(mcids)
    out["unreached_mcids"] = sorted([list(m) for m in mcids - reached])
    out["dangling_refs"] = sorted([list(m) for m in reached - mcids])
    out["elements"] = elements
    out["parent_tree"] = "/ParentTree" in root.get("/StructTreeRoot", {})
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
