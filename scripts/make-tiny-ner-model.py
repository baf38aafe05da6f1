#!/usr/bin/env python3
"""Makes the tiny token-classification model the NER agent's transformer path is tested with.

It writes a Hugging Face style token-classification export to OUT_DIR (default
src/test/resources/tiny-ner-model):
  tokenizer.json  a WordPiece tokenizer (BERT pre-tokenizer, lower-casing, accents kept so Thai marks survive) whose
                  vocabulary is the characters and recurring words of the project's demo catalogue titles
  model.onnx      inputs input_ids and attention_mask [batch, sequence] (int64), output logits
                  [batch, sequence, 3]: logits(t) = P[id(t-1)] + C[id(t)] + N[id(t+1)] + b, a linear token
                  classifier over each sub-word and its neighbours
  config.json     id2label / label2id: O, B-BRAND, I-BRAND (IOB2)

The weights are learnt with numpy (softmax cross-entropy, full-batch gradient descent, fixed seed) from the demo
catalogue (src/main/resources/demo/catalog.csv): the brand span of a title is where its brand name or one of its
catalogue aliases is written. The same inputs give the same files. It is a small real model, not a good one: the
point is to exercise loading, tokenisation, inference and BIO decoding end to end.

Needs numpy, onnx and tokenizers (test tooling only; the service itself is Java):
  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy onnx tokenizers
  /tmp/venv/bin/python scripts/make-tiny-ner-model.py [OUT_DIR]
"""
import csv
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOG = os.path.join(ROOT, "src", "main", "resources", "demo", "catalog.csv")
LABELS = ["O", "B-BRAND", "I-BRAND"]
SEED = 20261126


def examples():
    """(title, [(start, end)]) for each demo title: where its brand name or an alias is written (case-insensitive)."""
    out = []
    with open(CATALOG, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            title = row["product_name"]
            names = [row["brand"]] + [a for a in (row.get("aliases") or "").split("|") if a]
            lower = title.lower()
            spans = []
            for name in sorted(names, key=len, reverse=True):
                at = lower.find(name.lower())
                if at >= 0 and not any(s < at + len(name) and at < e for s, e in spans):
                    spans.append((at, at + len(name)))
            out.append((title, sorted(spans)))
    return out


def make_tokenizer(titles):
    """A WordPiece tokenizer whose vocabulary is built deterministically: the special tokens, every character (alone and
    as a word continuation "##c"), then every word of the titles written in one
    script, most frequent first (ties by spelling)."""
    normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=False,
                                            lowercase=True)
    pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    counts = {}
    for title in titles:
        for word, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(title)):
            counts[word] = counts.get(word, 0) + 1
    characters = sorted({c for word in counts for c in word})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + characters + ["##" + c for c in characters]
    # words mixing Thai and other letters ("colgateยาสีฟัน") are left out, so they are cut into a word and characters
    vocab += [w for w, n in sorted(counts.items(), key=lambda e: (-e[1], e[0]))
              if len(w) > 1 and len({"\u0e00" <= c <= "\u0e7f" for c in w}) == 1]
    tokenizer = Tokenizer(models.WordPiece({w: i for i, w in enumerate(vocab)}, unk_token="[UNK]",
                                           max_input_chars_per_word=100))
    tokenizer.normalizer = normalizer
    tokenizer.pre_tokenizer = pre_tokenizer
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    tokenizer.decoder = decoders.WordPiece()
    return tokenizer


def labelled(tokenizer, data):
    """Token ids and IOB2 labels of each title (special tokens are O)."""
    rows = []
    for title, spans in data:
        encoding = tokenizer.encode(title)
        labels = []
        previous_in = None
        for (start, end), special in zip(encoding.offsets, encoding.special_tokens_mask):
            inside = None if special else next((i for i, (s, e) in enumerate(spans) if start < e and end > s), None)
            labels.append(0 if inside is None else (2 if inside == previous_in else 1))
            previous_in = inside
        rows.append((encoding.ids, labels))
    return rows


def shifted(ids, pad):
    return [pad] + ids[:-1], ids[1:] + [pad]


def train(rows, vocab, pad, epochs=1000, rate=0.5, l2=1e-4):
    rng = np.random.default_rng(SEED)
    weights = {k: rng.normal(0, 0.01, (vocab, len(LABELS))).astype(np.float64) for k in ("prev", "cur", "next")}
    bias = np.zeros(len(LABELS))
    cur = np.concatenate([np.array(ids) for ids, _ in rows])
    prev = np.concatenate([np.array(shifted(ids, pad)[0]) for ids, _ in rows])
    nxt = np.concatenate([np.array(shifted(ids, pad)[1]) for ids, _ in rows])
    gold = np.concatenate([np.array(labels) for _, labels in rows])
    one_hot = np.eye(len(LABELS))[gold]
    n = len(gold)
    for _ in range(epochs):
        logits = weights["prev"][prev] + weights["cur"][cur] + weights["next"][nxt] + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - one_hot) / n
        for key, index in (("prev", prev), ("cur", cur), ("next", nxt)):
            g = np.zeros_like(weights[key])
            np.add.at(g, index, grad)
            weights[key] -= rate * (g + l2 * weights[key]) * n / 64
        bias -= rate * grad.sum(axis=0) * n / 64
    accuracy = float((p.argmax(axis=1) == gold).mean())
    return weights, bias, accuracy


def export(weights, bias, pad, path):
    f32 = {k: v.astype(np.float32) for k, v in weights.items()}
    inits = [numpy_helper.from_array(f32["prev"], "prev_table"), numpy_helper.from_array(f32["cur"], "cur_table"),
             numpy_helper.from_array(f32["next"], "next_table"),
             numpy_helper.from_array(bias.astype(np.float32), "bias"),
             numpy_helper.from_array(np.array([0, 1, 0, 0], dtype=np.int64), "pads_before"),
             numpy_helper.from_array(np.array([0, 0, 0, 1], dtype=np.int64), "pads_after"),
             numpy_helper.from_array(np.array(pad, dtype=np.int64), "pad_id"),
             numpy_helper.from_array(np.array([0], dtype=np.int64), "zero"),
             numpy_helper.from_array(np.array([1], dtype=np.int64), "one"),
             numpy_helper.from_array(np.array([-1], dtype=np.int64), "minus_one"),
             numpy_helper.from_array(np.array([2**62], dtype=np.int64), "end"),
             numpy_helper.from_array(np.array([2], dtype=np.int64), "axis_label")]
    nodes = [
        helper.make_node("Pad", ["input_ids", "pads_before", "pad_id"], ["padded_before"], mode="constant"),
        helper.make_node("Slice", ["padded_before", "zero", "minus_one", "one"], ["prev_ids"]),
        helper.make_node("Pad", ["input_ids", "pads_after", "pad_id"], ["padded_after"], mode="constant"),
        helper.make_node("Slice", ["padded_after", "one", "end", "one"], ["next_ids"]),
        helper.make_node("Gather", ["prev_table", "prev_ids"], ["prev_logits"]),
        helper.make_node("Gather", ["cur_table", "input_ids"], ["cur_logits"]),
        helper.make_node("Gather", ["next_table", "next_ids"], ["next_logits"]),
        helper.make_node("Add", ["prev_logits", "cur_logits"], ["sum1"]),
        helper.make_node("Add", ["sum1", "next_logits"], ["sum2"]),
        helper.make_node("Add", ["sum2", "bias"], ["raw_logits"]),
        # padding positions (attention_mask 0) get the O label
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "axis_label"], ["mask3"]),
        helper.make_node("Mul", ["raw_logits", "mask3"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes, "tiny_token_classifier",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "sequence", len(LABELS)])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="make-tiny-ner-model")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def predict(tokenizer, weights, bias, pad, title):
    """The brand entities of a title as (text, start, end): B starts one, I continues it (or starts one after O)."""
    encoding = tokenizer.encode(title)
    prev, nxt = shifted(encoding.ids, pad)
    logits = weights["prev"][prev] + weights["cur"][encoding.ids] + weights["next"][nxt] + bias
    spans, current = [], None
    for (s, e), k, special in zip(encoding.offsets, logits.argmax(axis=1), encoding.special_tokens_mask):
        label = "O" if special else LABELS[int(k)]
        if label == "O" or label.startswith("B"):
            current = None
        if label != "O":
            if current is None:
                current = [s, e]
                spans.append(current)
            current[1] = e
    return [(title[s:e], s, e) for s, e in spans]


PROBES = ["Colgate Plax น้ำยาบ้วนปาก เปปเปอร์มินต์ 750ml",
          "ยาสีฟัน Wonder smile toothpaste kid วันเดอร์สไมล์",
          "\U0001F6BF ยาสีฟัน Wonder smile toothpaste kid",
          "Colgateยาสีฟันรสยอดนิยม 150g แพ็ค 2"]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "src", "test", "resources", "tiny-ner-model")
    os.makedirs(out, exist_ok=True)
    data = examples()
    tokenizer = make_tokenizer([title for title, _ in data])
    pad = tokenizer.token_to_id("[PAD]")
    weights, bias, accuracy = train(labelled(tokenizer, data), tokenizer.get_vocab_size(), pad)
    tokenizer.save(os.path.join(out, "tokenizer.json"))
    export(weights, bias, pad, os.path.join(out, "model.onnx"))
    config = {"model_type": "tiny-token-classifier", "architectures": ["TinyTokenClassifier"],
              "id2label": {str(i): label for i, label in enumerate(LABELS)},
              "label2id": {label: i for i, label in enumerate(LABELS)}}
    with open(os.path.join(out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    print(f"{len(data)} titles, vocabulary {tokenizer.get_vocab_size()}, token accuracy {accuracy:.3f}; wrote {out}")
    for title in PROBES:
        print(title, "->", predict(tokenizer, weights, bias, pad, title))


if __name__ == "__main__":
    main()
