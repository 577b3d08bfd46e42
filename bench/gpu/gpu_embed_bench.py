"""GPU embedding throughput of the shipped encoder (all-MiniLM-L6-v2), on the two runtimes the worker's
engines wrap: libtorch running the TorchScript trace (DJL's PyTorch engine) and ONNX Runtime (DJL's
OnnxRuntime engine). Runs on the device machine, which has CUDA and PyTorch but no JVM, so it drives the
runtimes from Python with the worker's exact recipe: same tokenizer, max 256 tokens, mean pooling over
the attention mask, L2 normalisation.

    python3 bench/gpu/gpu_embed_bench.py PACK_DIR        (PACK_DIR from pack_for_device.py)

Prints one table row per (runtime, precision, batch): texts/s end to end (tokenise + model + pool +
copy to host) and model-only, plus the cosine agreement between runtimes on the same texts.
"""
import os
import sys
import time

import torch
from tokenizers import Tokenizer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "embedding-worker", "scripts"))
import onnx_to_torchscript as ts  # noqa: E402

MAX_TOKENS = 256
SECONDS = 4.0


def tokenizer(pack):
    tok = Tokenizer.from_file(os.path.join(pack, "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding()
    return tok


def encode(tok, texts):
    enc = tok.encode_batch(texts)
    ids = torch.tensor([e.ids for e in enc], dtype=torch.long)
    mask = torch.tensor([e.attention_mask for e in enc], dtype=torch.long)
    return ids, mask


def pool(hidden, mask):
    m = mask.unsqueeze(-1).to(hidden.dtype)
    v = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(v.float(), dim=-1)


def timed(fn, texts, batch):
    """Runs fn over consecutive batches for SECONDS after a warm-up; returns texts/s."""
    batches = [texts[i:i + batch] for i in range(0, len(texts) - batch + 1, batch)]
    for b in batches[:3]:
        fn(b)
    done, start, i = 0, time.perf_counter(), 0
    while time.perf_counter() - start < SECONDS:
        fn(batches[i % len(batches)])
        done += batch
        i += 1
    return done / (time.perf_counter() - start)


def main(pack):
    print("torch", torch.__version__, "cuda", torch.version.cuda, "device", torch.cuda.get_device_name(0))
    texts = [line.rstrip("\n") for line in open(os.path.join(pack, "texts.txt"), encoding="utf-8")]
    tok = tokenizer(pack)
    w = {k: v.float() for k, v in torch.load(os.path.join(pack, "minilm-fp16.pt")).items()}
    layers = len({k.split(".")[2] for k in w if k.startswith("encoder.layer.")})
    model = ts.Encoder(w, layers, 12).eval()
    tokens = [len(e.ids) for e in tok.encode_batch(texts[:2000])]
    print("texts", len(texts), "mean tokens %.1f" % (sum(tokens) / len(tokens)))

    rows = []
    ids, mask = encode(tok, ["hello world", "a longer sentence about space movies"])
    for precision, dtype in (("fp32", torch.float32), ("fp16", torch.float16)):
        with torch.no_grad():
            traced = torch.jit.trace(model.to("cuda", dtype), (ids.cuda(), mask.cuda(), torch.zeros_like(ids).cuda()))

        def end_to_end(batch, traced=traced):
            i, m = encode(tok, batch)
            i, m = i.cuda(non_blocking=True), m.cuda(non_blocking=True)
            with torch.no_grad():
                return pool(traced(i, m, torch.zeros_like(i)), m).cpu()

        for batch in (64, 256):
            pre = [tuple(t.cuda() for t in encode(tok, texts[j:j + batch])) for j in range(0, batch * 20, batch)]

            def model_only(_, pre=pre, state=[0]):
                i, m = pre[state[0] % len(pre)]
                state[0] += 1
                with torch.no_grad():
                    out = traced(i, m, torch.zeros_like(i))
                torch.cuda.synchronize()
                return out

            rows.append(("libtorch TorchScript (CUDA)", precision, batch, timed(end_to_end, texts, batch),
                         timed(model_only, texts, batch)))
        if precision == "fp32":
            torch_vectors = end_to_end(texts[:256])
        model = model.float().cpu()

    # ONNX Runtime: export the same float32 module, then run on the best provider this machine has.
    import onnxruntime as ort
    path = "/tmp/minilm.onnx"
    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = (ids, mask, torch.zeros_like(ids))
    try:
        torch.onnx.export(model, example, path, input_names=names, output_names=["last_hidden_state"],
                          dynamic_axes={n: {0: "b", 1: "t"} for n in names + ["last_hidden_state"]},
                          opset_version=17, dynamo=False)
    except Exception as e:  # newer torch may have dropped the TorchScript exporter
        print("legacy ONNX export failed (%s); using the dynamo exporter" % e)
        b, t = torch.export.Dim("b"), torch.export.Dim("t")
        torch.onnx.export(model, example, path, input_names=names, output_names=["last_hidden_state"],
                          dynamic_shapes=tuple({0: b, 1: t} for _ in names), dynamo=True)
    available = ort.get_available_providers()
    print("onnxruntime", ort.__version__, "providers", available)
    for provider in [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in available]:
        session = ort.InferenceSession(path, providers=[provider])

        def ort_run(batch, session=session):
            i, m = encode(tok, batch)
            out = session.run(None, {"input_ids": i.numpy(), "attention_mask": m.numpy(), "token_type_ids": torch.zeros_like(i).numpy()})[0]
            return pool(torch.from_numpy(out), m)

        ort_vectors = ort_run(texts[:256])
        cos = (ort_vectors * torch_vectors).sum(-1)
        print("cosine ORT(%s) vs libtorch CUDA fp32 on 256 texts: min %.6f mean %.6f" % (provider, cos.min(), cos.mean()))
        for batch in (64, 256):
            rows.append(("ONNX Runtime (%s)" % provider.replace("ExecutionProvider", ""), "fp32", batch, timed(ort_run, texts, batch), float("nan")))

    print("\n| runtime | precision | batch | texts/s end to end | texts/s model only |")
    print("|---|---|---|---:|---:|")
    for r in rows:
        print("| %s | %s | %d | %.0f | %s |" % (r[0], r[1], r[2], r[3], "-" if r[4] != r[4] else "%.0f" % r[4]))


if __name__ == "__main__":
    main(sys.argv[1])
