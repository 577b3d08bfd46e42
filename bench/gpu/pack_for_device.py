#!/usr/bin/python3
"""Packs what the GPU benchmark needs into one small folder that can travel to a GPU machine without
Java or a Maven repository: the shipped all-MiniLM-L6-v2 weights (from the langchain4j jar, stored as
float16 to halve the transfer; the benchmark runs them in float32 and float16), its tokenizer, and the
MovieLens item texts built exactly as ItemText builds them.

    /usr/bin/python3 bench/gpu/pack_for_device.py MODEL.jar MOVIES.csv OUT_DIR
"""
import csv
import os
import sys
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "embedding-worker", "scripts"))
import onnx_to_torchscript as ts  # noqa: E402
import torch  # noqa: E402


def item_text(title, genres):
    # ItemText.of: "{title}. Categories: {c1}, {c2}." (MovieLens has no description; tags are omitted here)
    categories = [g for g in genres.split("|") if g and g != "(no genres listed)"]
    return title.strip() + (". Categories: " + ", ".join(categories) + "." if categories else "")


def main(jar, movies, out):
    os.makedirs(out, exist_ok=True)
    w = ts.weights(ts.load_onnx(jar, "all-minilm-l6-v2.onnx"))
    kept = {k: v.half() for k, v in w.items() if not k.startswith("onnx::")}
    torch.save(kept, os.path.join(out, "minilm-fp16.pt"))
    with zipfile.ZipFile(jar) as z, open(os.path.join(out, "tokenizer.json"), "wb") as f:
        f.write(z.read("all-minilm-l6-v2-tokenizer.json"))
    with open(movies, newline="", encoding="utf-8") as f, open(os.path.join(out, "texts.txt"), "w") as t:
        for row in csv.DictReader(f):
            t.write(item_text(row["title"], row["genres"]).replace("\n", " ") + "\n")
    print("packed", out, sorted(os.listdir(out)))


if __name__ == "__main__":
    main(*sys.argv[1:])
