"""Writes the tiny TorchScript fixtures of TorchScriptBackboneTest (run from this directory).

    /usr/bin/python3 make_tiny_torchscript.py     # Debian's python3-torch 1.13; any torch >= 1.13 works

tiny_backbone.pt: conv-bn-relu x2, global average pool and a 10-output Linear head named `fc`
                  (as a timm/torchvision model exported with its ImageNet classifier): Foldhub appends a
                  Linear(num_classes) head after its 10 outputs.
tiny_features.pt: the same network with `fc` replaced by Identity (as timm's num_classes=0 export):
                  it outputs 24 pooled features and Foldhub's appended head reads them.
A few KB each; seeded, so rerunning gives the same weights.
"""
import torch
from torch import nn


class TinyNet(nn.Module):
    def __init__(self, head_outputs: int):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 12, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(12)
        self.conv2 = nn.Conv2d(12, 24, 3, stride=2, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(24)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(24, head_outputs) if head_outputs > 0 else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.relu(self.bn1(self.conv1(x)))
        x = torch.relu(self.bn2(self.conv2(x)))
        return self.fc(torch.flatten(self.pool(x), 1))


def main():
    torch.manual_seed(1234)
    with_head = TinyNet(10)
    torch.jit.script(with_head).save("tiny_backbone.pt")
    features = TinyNet(0)
    features.load_state_dict({k: v for k, v in with_head.state_dict().items() if not k.startswith("fc.")})
    torch.jit.script(features).save("tiny_features.pt")
    x = torch.ones(2, 3, 32, 32)
    with torch.no_grad():
        print("torch", torch.__version__, "outputs", tuple(with_head.eval()(x).shape), tuple(features.eval()(x).shape))
        print("eval sum of tiny_features.pt on ones(2,3,32,32):", float(features(x).sum()))


if __name__ == "__main__":
    main()
