"""Avow's exports read by the peers' own parsers (run by src/core/formats/peers.rs).

Usage: check_exports.py DIR, where DIR holds Avow's exports of one document: w3c.jsonld,
labelstudio.json (with config.xml, its labelling config) and avow.conll. Prints a JSON report
on standard output and writes label-studio-converter's conversions into DIR/min and DIR/conll:

- "w3c": every annotation of the collection checked against the W3C Web Annotation test
  suite's "must" assertions, and the collection against the collection's, with `jsonschema`;
  "failures" lists each assertion that did not hold.
- label-studio-converter converts the Label Studio export to JSON-min and to CoNLL 2003 (the
  Rust test reads both back).
- "seqeval": for each tag column of the CoNLL export, the spans seqeval finds there in strict
  IOB2 mode, as [label, first token, last token].
"""

import json
import pathlib
import sys

import jsonschema
import referencing
from referencing.jsonschema import DRAFT4

HERE = pathlib.Path(__file__).resolve().parent
SUITE = HERE.parent / "fixtures" / "peers" / "w3c-tests"


def w3c_failures(collection):
    """The "must" assertions that fail, for the collection and each of its annotations."""
    resources = []
    for path in sorted(SUITE.rglob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = referencing.Resource.from_contents(schema, default_specification=DRAFT4)
        resources.append((schema.get("id", path.name), resource))
    registry = referencing.Registry().with_resources(resources)

    def check(instance, test, what):
        failures = []
        spec = json.loads((SUITE / test).read_text(encoding="utf-8"))
        for assertion in spec["assertions"]:
            schema = json.loads((SUITE / assertion).read_text(encoding="utf-8"))
            validator = jsonschema.Draft4Validator(schema, registry=registry)
            valid = validator.is_valid(instance)
            if valid != (schema.get("expectedResult", "valid") == "valid"):
                failures.append(f"{what}: {assertion}: {schema.get('errorMessage', '')}")
        return failures

    items = collection["first"]["items"]
    failures = check(collection, "collections/collectionMusts.test", "collection")
    for i, annotation in enumerate(items):
        failures += check(annotation, "annotations/annotationMusts.test", f"annotation {i}")
    return len(items), failures


def label_studio(directory):
    from label_studio_converter import Converter

    config = (directory / "config.xml").read_text(encoding="utf-8")
    converter = Converter(config=config, project_dir=None, download_resources=False)
    source = str(directory / "labelstudio.json")
    converter.convert_to_json_min(source, str(directory / "min"), is_dir=False)
    (directory / "min" / "result.json").rename(directory / "min" / "labelstudio.json")
    converter.convert_to_conll2003(source, str(directory / "conll"), is_dir=False)


def seqeval_columns(conll):
    from seqeval.scheme import IOB2, Entities

    rows = [
        line.split("\t")
        for line in conll.splitlines()
        if line.strip() and not line.startswith("# ")
    ]
    width = max(len(r) for r in rows) - 3
    columns = []
    for c in range(width):
        tags = [r[3 + c] if len(r) > 3 + c else "O" for r in rows]
        entities = Entities([tags], IOB2).entities[0]
        columns.append([[e.tag, e.start, e.end - 1] for e in entities])
    return columns


def main():
    directory = pathlib.Path(sys.argv[1])
    collection = json.loads((directory / "w3c.jsonld").read_text(encoding="utf-8"))
    count, failures = w3c_failures(collection)
    label_studio(directory)
    report = {
        "w3c": {"annotations": count, "failures": failures},
        "seqeval": seqeval_columns((directory / "avow.conll").read_text(encoding="utf-8")),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
