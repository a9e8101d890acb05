"""Loads an exported Avow dataset folder with Hugging Face `datasets`, every config the card
names, and reports what it found as JSON: rows per config and split, the label and attribute
names of the ClassLabels, and every span whose `text[start:end]` differs from its text."""
import json
import sys

import datasets
import yaml

folder = sys.argv[1]
with open(f"{folder}/README.md", encoding="utf-8") as f:
    card = yaml.safe_load(f.read().split("---")[1])

datasets.disable_progress_bars()
report = {"configs": {}, "mismatches": [], "default": None}
texts = {}
for config in card["configs"]:
    name = config["config_name"]
    if config.get("default"):
        report["default"] = name
    loaded = datasets.load_dataset(folder, name)
    found = {"splits": {split: len(rows) for split, rows in loaded.items()}}
    features = next(iter(loaded.values())).features
    if name == "spans":
        found["labels"] = features["label"].names
        found["committer"] = features["committer"].names
    else:
        spans = features["spans"]
        item = spans.feature if hasattr(spans, "feature") else spans[0]
        found["labels"] = item["label"].names
        found["committer"] = item["committer"].names
        found["relation_types"] = (features["relations"].feature if hasattr(features["relations"], "feature") else features["relations"][0])["type"].names
    found["columns"] = list(features.keys())
    report["configs"][name] = found
    for split, rows in loaded.items():
        for row in rows:
            if name == "spans":
                continue
            texts[row["id"]] = row["text"]
            for span in row["spans"]:
                if row["text"][span["start"]:span["end"]] != span["text"]:
                    report["mismatches"].append([name, row["id"], span["id"]])
for split, rows in datasets.load_dataset(folder, "spans").items() if "spans" in report["configs"] else []:
    for row in rows:
        text = texts.get(row["text_id"])
        if text is None or text[row["start"]:row["end"]] != row["text"]:
            report["mismatches"].append(["spans", row["text_id"], row["span_id"]])
print(json.dumps(report))
