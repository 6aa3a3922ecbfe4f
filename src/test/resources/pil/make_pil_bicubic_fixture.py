"""Writes pil_bicubic.txt: Pillow's Image.resize(..., Image.BICUBIC) of synthetic RGB images, the values
PilBicubicTest expects. Run with Debian's Pillow 9.4 (apt-get install python3-pil python3-numpy):
/usr/bin/python3 make_pil_bicubic_fixture.py > pil_bicubic.txt"""
import numpy as np
from PIL import Image

CASES = [(37, 23, 11, 29), (40, 40, 40, 17), (50, 30, 20, 30), (64, 48, 32, 32), (9, 7, 30, 3), (300, 20, 32, 20)]

for in_w, in_h, out_w, out_h in CASES:
    y, x, c = np.meshgrid(np.arange(in_h), np.arange(in_w), np.arange(3), indexing='ij')
    image = ((x * x * 7 + y * 13 + c * 101 + x * y * 3) % 256).astype(np.uint8)  # the same formula in the test
    out = np.array(Image.fromarray(image).resize((out_w, out_h), Image.BICUBIC))
    print(in_w, in_h, out_w, out_h)
    print(' '.join(str(v) for v in out.transpose(2, 0, 1).ravel()))  # CHW
