#!/usr/bin/env python3
"""Chooses which training postings are read by the role guide, and records the sample.

The train split of ../shared/data/postings.jsonl.gz and all of postings-extra.jsonl.gz are put in
strata by what their title and text look like (below). Postings whose title cannot settle the role
are read in two rounds:
  1. all of some strata, a seeded random share of others;
  2. every posting not read yet whose title and text hint at a rare role at least 3 times
     (fine-tuning, NLP, vision, MLOps, data pipelines, speech, annotation, research...), so the
     rare roles have examples to learn from. Such postings form strata of their own ("+rare-hints"),
     read whole, so round 1's random share still stands for the rest of its stratum;
  3. the rest of the two strata where the title decides least (AI titles the rule cannot settle,
     rows the shared data left unlabelled), so those strata are read whole;
  4. the rest of the clear titles, so that every posting whose text contradicts a clear title is
     found, and every posting without an AI title whose text hints at a rare role twice (its own
     stratum, "non-ai-title+rare-hints", read whole).
The stratum of every posting in a sampled stratum goes to corpora/labels/reading-sample.jsonl (ids
only, never text), so training can weight each reading by how many postings it stands for
(population / read) when it calibrates.

  scripts/select-reading-sample.py                 # writes corpora/labels/reading-sample.jsonl
  scripts/select-reading-sample.py --batches DIR   # also writes round 1's postings to read, in 7 batches
  scripts/select-reading-sample.py --batches DIR --round 2   # ... or round 2's (or 3's, 4's)
                                                   # (title, company, text cut at 2,600 characters)
Deterministic: the same data gives the same sample.
"""
import argparse, collections, gzip, json, os, random, re

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data")
OUT = os.path.join(HERE, "..", "corpora", "labels", "reading-sample.jsonl")

AI_TITLE = re.compile(r"\b(ai|a\.i\.|ml|mlops|llms?|genai|gen[\s-]?ai|nlp|nlu|rlhf|aiml|agentic|agents?|rag)\b|artificial intelligence|machine[\s-]?learning|deep[\s-]?learning|computer vision|generative|large language|neural|reinforcement|chat\s?bot|conversational|prompt|speech|perception|vision|\bai[-/]|/ai\b|\bml/|/ml\b|llm|research|scientist|annotat|tutor|trainer|rater", re.I)
LLM_TEXT = re.compile(r"\b(llms?|large language models?|rag|retrieval[- ]augmented|agents?|agentic|langchain|llamaindex|openai|anthropic|claude|gpt-?\d?|embeddings?|vector (search|database|db|store)|prompt(s|ing)?|generative ai|genai|gen ai|copilot|tool calling|mcp)\b", re.I)
ML_TEXT = re.compile(r"\b(machine learning|deep learning|pytorch|tensorflow|model training|training models|fine-?tun\w*|computer vision|nlp|recommend\w*|ranking|mlops|ml)\b", re.I)
CLEAR_AI_ENGINEER = re.compile(r"(senior |sr\.? |staff |lead |principal |junior )?(ai|gen ?ai|generative ai) engineer( [iv]+)?", re.I)
RARE_ROLE_HINTS = re.compile(r"fine-?tun|\blora\b|qlora|rlhf|\bdpo\b|vllm|tensorrt|quantiz|inference optimi|pre-?train|\bnlp\b|natural language|named entity|\bner\b|text classification|information extraction|search relevance|machine translation|computer vision|\bimage|\bvideo|perception|object detection|segmentation|\bslam\b|lidar|mlops|ml platform|ml infrastructure|kubeflow|mlflow|model registry|feature store|model monitoring|data engineer|data pipeline|training data|chatbot|conversational|dialog|voice|speech|\basr\b|text-to-speech|\btts\b|annotat|data label|rater|tutor|prompt engineer|research scientist|neurips|icml|iclr|\bacl\b|cvpr|publication", re.I)
ONE_ROLE_TITLE = re.compile(r"(data scientist|machine learning engineer|ml engineer|ai engineer)")


def count(pattern, text):
    return len(pattern.findall(text or ""))


def rare_hints(row):
    return count(RARE_ROLE_HINTS, (row["title"] or "") + " " + (row["text"] or ""))


def bare_title(title):
    title = title.lower()
    title = re.sub(r"\b(senior|sr\.?|staff|lead|principal|junior|jr\.?|mid-level|associate|intern|head of|ii|iii|iv|i|1|2|3)\b", "", title)
    return " ".join(re.sub(r"[^a-z/ ]+", " ", title).split())


def stratum(row):
    title, text = row["title"] or "", row["text"] or ""
    llm, ml = count(LLM_TEXT, text), count(ML_TEXT, text)
    if row["dataset"] == "postings" and row["label"] is None:
        return "null-label"
    if AI_TITLE.search(title):
        several = ("|" in title and len(re.findall(r"\b(engineer|developer|scientist)s?\b", title, re.I)) > 1) \
            or re.search(r"multiple roles|various|several", title, re.I)
        if several:
            return "ai-multi"
        if (CLEAR_AI_ENGINEER.fullmatch(title.strip()) and llm >= 4) or ONE_ROLE_TITLE.fullmatch(bare_title(title)):
            return "clear-title"
        return "ai-title-unclear"
    return "non-ai-title-ai-text" if llm >= 3 or ml >= 3 else "non-ai-title"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batches", help="a folder to write the postings to read into")
    parser.add_argument("--round", type=int, choices=[1, 2, 3, 4], default=1, help="which round's postings --batches writes")
    args = parser.parse_args()
    rows = [dict(json.loads(line), dataset="postings") for line in gzip.open(os.path.join(DATA, "postings.jsonl.gz"), "rt")]
    rows = [row for row in rows if row["split"] == "train"]
    rows += [dict(json.loads(line), dataset="postings-extra", label=None)
             for line in gzip.open(os.path.join(DATA, "postings-extra.jsonl.gz"), "rt")]
    for row in rows:
        row["stratum"] = stratum(row)
    random.seed(15)
    read = [row for row in rows if row["stratum"] in ("non-ai-title-ai-text", "ai-multi")]
    shares = {"ai-title-unclear": 900, "null-label": 190, "clear-title": 100}
    for name, size in shares.items():
        members = [row for row in rows if row["stratum"] == name]
        random.shuffle(members)
        read += members[:size]
    random.shuffle(read)
    chosen = {row["id"] for row in read}
    second = [row for row in rows if row["id"] not in chosen
              and rare_hints(row) >= 3]
    random.shuffle(second)
    hinted = {row["id"] for row in second}
    for row in rows:
        if row["id"] in hinted or (row["id"] in chosen and row["stratum"] in shares
                                   and rare_hints(row) >= 3):
            row["stratum"] += "+rare-hints"
    chosen |= hinted
    third = [row for row in rows if row["id"] not in chosen and row["stratum"] in ("ai-title-unclear", "null-label")]
    random.shuffle(third)
    chosen |= {row["id"] for row in third}
    fourth = [row for row in rows if row["id"] not in chosen and (
        row["stratum"] == "clear-title" or (row["stratum"] == "non-ai-title" and rare_hints(row) >= 2))]
    for row in fourth:
        if row["stratum"] == "non-ai-title":
            row["stratum"] += "+rare-hints"
    random.shuffle(fourth)
    chosen |= {row["id"] for row in fourth}
    with open(OUT, "w") as out:
        for row in sorted(rows, key=lambda r: (r["dataset"], r["id"])):
            if row["stratum"] != "non-ai-title":
                out.write(json.dumps({"id": row["id"], "dataset": row["dataset"], "stratum": row["stratum"],
                                      "read": row["id"] in chosen}, sort_keys=True) + "\n")
    print(collections.Counter(row["stratum"] for row in rows), len(read), "read in round 1,", len(second), "in round 2,",
          len(third), "in round 3,", len(fourth), "in round 4")
    read = {1: read, 2: second, 3: third, 4: fourth}[args.round]
    if args.batches:
        os.makedirs(args.batches, exist_ok=True)
        size = (len(read) + 6) // 7
        for batch in range(7):
            with open(os.path.join(args.batches, f"batch-{batch + 1:02d}.jsonl"), "w") as out:
                for row in read[batch * size:(batch + 1) * size]:
                    text = row["text"] or ""
                    if len(text) > 2600:
                        text = text[:2600] + " [...]"
                    out.write(json.dumps({"id": row["id"], "title": row["title"], "company": row.get("company"), "text": text}) + "\n")


if __name__ == "__main__":
    main()
