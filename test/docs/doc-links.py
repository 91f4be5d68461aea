"""Fails, naming each, when a document of the repository points at a file
that does not exist in it or that lies outside it.

Usage: doc-links.py REPO_ROOT

Checked in every Markdown file outside third_party/ and build trees:
- Markdown links and images, `[text](target)` and `[label]: target`,
  other than URLs and in-page anchors, relative to the document's folder;
- paths in backticks that start with a top-level folder of the repository
  (`compiler/lib/...`, `docs/...`), relative to the root;
- any mention of a path that leaves the repository (`../shared/...`) or
  names the host that the project was written on (`/work/...`).
- section references written `other.md, "Heading"` (the file found beside
  the document, in docs/ or at the root): the heading must exist, whole
  or followed by a parenthesis.
A document describes the repository it ships in, so each of these must
resolve to a file or folder inside it. CHANGELOG.md is history: the files
and sections it names may since have gone, so only its references that
leave the repository are checked."""
import os
import re
import sys

root = os.path.realpath(sys.argv[1])
SKIP_DIRS = {".git", "third_party", "node_modules"}
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
CODE = re.compile(r"`([^`\n]+)`")
# Placeholders and patterns are not paths to check.
NOT_A_PATH = re.compile(r"[*?<>{}$%\s|]|\.\.\.|XXXX")
OUTSIDE = re.compile(r"(?:^|[\s`(\"'])((?:\.\./)+shared\b[^\s`'\")]*|/work/[^\s`'\")]*)")

SECTION = re.compile(r"([\w./-]+\.md)`?,\s+\"([^\"]+)\"")


def headings(path):
    text = open(path, encoding="utf-8").read()
    return [re.sub(r"[`*]", "", h).strip()
            for h in re.findall(r"^#+\s+(.*)$", text, re.M)]


top_level = {e for e in os.listdir(root)
             if os.path.isdir(os.path.join(root, e)) and e not in SKIP_DIRS
             and not e.startswith(".")}


def docs():
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in SKIP_DIRS and not d.startswith(".")
            and not (rel == "." and d.startswith("build"))
            and not os.path.exists(os.path.join(dirpath, d, "CMakeCache.txt")))
        for f in sorted(filenames):
            if f.endswith(".md"):
                yield os.path.join(dirpath, f)


def inside(path):
    real = os.path.realpath(path)
    return os.path.commonpath([real, root]) == root


problems = []
count = 0
for doc in docs():
    count += 1
    rel_doc = os.path.relpath(doc, root)
    text = open(doc, encoding="utf-8").read()
    base = os.path.dirname(doc)
    history = rel_doc == "CHANGELOG.md"

    def lineno(pos):
        return text.count("\n", 0, pos) + 1

    def report(pos, what):
        problems.append("%s:%d: %s" % (rel_doc, lineno(pos), what))

    targets = [(m.start(), m.group(1)) for m in LINK.finditer(text)]
    targets += [(m.start(), m.group(1)) for m in REFDEF.finditer(text)]
    for pos, target in targets:
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        full = os.path.normpath(os.path.join(base, path))
        if not inside(full):
            report(pos, "link outside the repository: %s" % target)
        elif not os.path.exists(full) and not history:
            report(pos, "link to a missing file: %s" % target)

    for m in CODE.finditer(text):
        token = m.group(1).strip()
        first = token.split("/", 1)[0]
        if (history or "/" not in token or first not in top_level
                or NOT_A_PATH.search(token)):
            continue
        path = token.split(":", 1)[0].rstrip(".,;")
        if not os.path.exists(os.path.join(root, path)):
            report(m.start(), "path not in the repository: %s" % token)

    for m in [] if history else SECTION.finditer(text):
        name, title = m.group(1), " ".join(m.group(2).split())
        found = [c for c in (os.path.join(base, name),
                             os.path.join(root, "docs", name),
                             os.path.join(root, name))
                 if os.path.isfile(c) and inside(c)]
        if not found:
            report(m.start(), "section of a missing file: %s" % name)
        elif not any(h == title or h.startswith(title + " (")
                     for h in headings(found[0])):
            report(m.start(), "no section \"%s\" in %s" % (title, name))

    for m in OUTSIDE.finditer(text):
        report(m.start(1), "points outside the repository: %s"
               % m.group(1).rstrip(".,;:"))

print("\n".join(problems) if problems else
      "%d documents, every reference inside the repository" % count)
sys.exit(1 if problems else 0)
