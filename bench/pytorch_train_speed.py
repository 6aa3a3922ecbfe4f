"""PyTorch's own training images/s for the network TrainingBenchmark measures ("network alone"), to compare DJL with.

Same work per step as dev.foldhub.training.TrainingBenchmark: torchvision's resnet18 with a num_classes head,
one in-memory batch of N(0, 1) images and ~3% positive multi-hot targets, BCE on logits, Adam (lr 1e-3),
`warmup` untimed steps, then `steps` timed ones, each waiting for the loss (loss.item()).

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/pytorch_train_speed.py --size 64 --batch 32 --steps 5 --threads 2

(/usr/bin/python3 with Debian's python3-torch and python3-torchvision; any torch >= 1.13 works.)
"""
import argparse
import time

import torch
import torchvision


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--classes", type=int, default=1103)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    device = torch.device(args.device)
    model = torchvision.models.resnet18(num_classes=args.classes).to(device).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    x = torch.randn(args.batch, 3, args.size, args.size, device=device)
    y = (torch.rand(args.batch, args.classes, device=device) < 0.03).float()

    def steps(n):
        for _ in range(n):
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            loss.item()

    steps(args.warmup)
    cpu_start = time.process_time()
    start = time.perf_counter()
    steps(args.steps)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(f"pytorch {torch.__version__} torchvision {torchvision.__version__} resnet18 {args.size} px batch "
          f"{args.batch} threads {args.threads}: network alone {args.steps * args.batch / seconds:.1f} images/s, "
          f"{args.steps * args.batch / cpu_seconds:.2f} images per CPU-second")


if __name__ == "__main__":
    main()
