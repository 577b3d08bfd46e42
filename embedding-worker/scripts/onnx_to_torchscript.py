#!/usr/bin/python3
"""Makes a TorchScript copy of a BERT-style sentence encoder shipped as ONNX (all-MiniLM-L6-v2 in the
langchain4j jar), so DJL's PyTorch engine (the GPU path) can run the very same weights as ONNX Runtime.

Needs only Debian packages, offline:  apt-get install python3-torch python3-onnx
Run with Debian's interpreter (a pyenv `python3` on PATH has no torch):

    /usr/bin/python3 onnx_to_torchscript.py MODEL.jar|MODEL.onnx [ENTRY.onnx] OUT.pt

The traced module takes (input_ids, attention_mask, token_type_ids), int64 [batch, tokens], and returns
last_hidden_state [batch, tokens, hidden]: the same contract as the ONNX graph. Pooling stays in Java.

Why rebuild the graph by hand: the export names MatMul weights anonymously (onnx::MatMul_787); each is
identified by the output name of the MatMul node that consumes it (/encoder/layer.N/attention/self/query/
MatMul_output_0) and is stored transposed relative to nn.Linear. LayerNorm eps 1e-12, GELU(erf).
"""
import os
import re
import sys
import zipfile


def fail(message):
    sys.stderr.write("onnx_to_torchscript: " + message + "\n")
    sys.exit(2)


try:
    import onnx
    from onnx import numpy_helper
    import torch
    from torch import nn
except ImportError as e:
    fail("missing %s. Install Debian's packages: apt-get install -y python3-torch python3-onnx "
         "(and run with /usr/bin/python3, not a pyenv python3)" % e.name)


def load_onnx(source, entry):
    if source.endswith(".jar") or source.endswith(".zip"):
        with zipfile.ZipFile(source) as jar:
            return onnx.load_from_string(jar.read(entry))
    return onnx.load(source)


def weights(model):
    named = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in model.graph.initializer}
    pattern = re.compile(r"^/(.+)/MatMul_output_0$")
    for node in model.graph.node:
        if node.op_type != "MatMul":
            continue
        match = pattern.match(node.output[0])
        anonymous = [i for i in node.input if i in named and not i.endswith(".weight")]
        if match and anonymous:
            # ONNX stores x @ W; nn.Linear stores W^T.
            named[match.group(1).replace("/", ".") + ".weight"] = named[anonymous[0]].t().contiguous()
    return named


class Layer(nn.Module):
    def __init__(self, hidden, intermediate, heads):
        super().__init__()
        self.heads = heads
        self.scale = (hidden // heads) ** -0.5
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attention_out = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.intermediate = nn.Linear(hidden, intermediate)
        self.output = nn.Linear(intermediate, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=1e-12)

    def split(self, x):
        b, t, h = x.shape
        return x.view(b, t, self.heads, h // self.heads).transpose(1, 2)

    def forward(self, x, mask_bias):
        b, t, h = x.shape
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) * self.scale + mask_bias
        context = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(b, t, h)
        x = self.attention_norm(self.attention_out(context) + x)
        return self.output_norm(self.output(nn.functional.gelu(self.intermediate(x))) + x)


class Encoder(nn.Module):
    def __init__(self, w, layers, heads):
        super().__init__()
        vocab, hidden = w["embeddings.word_embeddings.weight"].shape
        intermediate = w["encoder.layer.0.intermediate.dense.weight"].shape[0]
        self.words = nn.Embedding(vocab, hidden)
        self.positions = nn.Embedding(w["embeddings.position_embeddings.weight"].shape[0], hidden)
        self.types = nn.Embedding(w["embeddings.token_type_embeddings.weight"].shape[0], hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList([Layer(hidden, intermediate, heads) for _ in range(layers)])
        with torch.no_grad():
            self.words.weight.copy_(w["embeddings.word_embeddings.weight"])
            self.positions.weight.copy_(w["embeddings.position_embeddings.weight"])
            self.types.weight.copy_(w["embeddings.token_type_embeddings.weight"])
            self.norm.weight.copy_(w["embeddings.LayerNorm.weight"])
            self.norm.bias.copy_(w["embeddings.LayerNorm.bias"])
            for n, layer in enumerate(self.layers):
                p = "encoder.layer.%d." % n
                for mine, theirs in [("query", "attention.self.query"), ("key", "attention.self.key"),
                                     ("value", "attention.self.value"), ("attention_out", "attention.output.dense"),
                                     ("intermediate", "intermediate.dense"), ("output", "output.dense")]:
                    getattr(layer, mine).weight.copy_(w[p + theirs + ".weight"])
                    getattr(layer, mine).bias.copy_(w[p + theirs + ".bias"])
                for mine, theirs in [("attention_norm", "attention.output.LayerNorm"), ("output_norm", "output.LayerNorm")]:
                    getattr(layer, mine).weight.copy_(w[p + theirs + ".weight"])
                    getattr(layer, mine).bias.copy_(w[p + theirs + ".bias"])

    def forward(self, input_ids, attention_mask, token_type_ids):
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.norm(self.words(input_ids) + self.positions(positions) + self.types(token_type_ids))
        mask_bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -1e4
        for layer in self.layers:
            x = layer(x, mask_bias)
        return x


def main(argv):
    if len(argv) not in (3, 4):
        fail("usage: onnx_to_torchscript.py MODEL.jar|MODEL.onnx [ENTRY.onnx] OUT.pt")
    source, out = argv[1], argv[-1]
    entry = argv[2] if len(argv) == 4 else None
    if os.path.exists(out) and os.path.getmtime(out) >= max(os.path.getmtime(source), os.path.getmtime(__file__)):
        print("onnx_to_torchscript: %s is up to date" % out)
        return
    w = weights(load_onnx(source, entry))
    layers = len({k.split(".")[2] for k in w if k.startswith("encoder.layer.")})
    hidden = w["embeddings.word_embeddings.weight"].shape[1]
    heads = 12  # all-MiniLM-L6-v2 and bge-small: 12 heads of 32 (the head count is not in the weights)
    model = Encoder(w, layers, heads).eval()
    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    with torch.no_grad():
        traced = torch.jit.trace(model, (ids, mask, torch.zeros_like(ids)))
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    traced.save(out)
    print("onnx_to_torchscript: wrote %s (%d layers, hidden %d, torch %s)" % (out, layers, hidden, torch.__version__))


if __name__ == "__main__":
    main(sys.argv)
