#!/usr/bin/python3
"""Writes scikit-image's iradon reconstructions of the project's closed-form sinograms.

Input: sino<N>.f32, float32 little-endian [views][bins], written by Recon4J's
SheppLogan.modified2D(N/2) with ParallelBeamGeometry.uniform(views, pi, N, 1) and a detector
offset of -0.5 mm, which puts the bin centres where scikit-image expects them (index N//2 on
the axis). Output: iradon_<filter>_<N>.f32, float32 [rows][cols] on scikit-image's grid:
pixel (row, col) centred at x = col - N//2, y = row - N//2, i.e. Recon4J's grid centred at
(-0.5, -0.5). scikit-image's angle is the negative of Recon4J's (its t = x cos - y sin).
Run with Debian's python3 and python3-skimage (0.19.3 made the committed files).
"""
import sys
import numpy as np
from skimage.transform import iradon

for size, views, filters in [(256, 180, ["ramp", "shepp-logan"]), (512, 720, ["ramp"])]:
    sinogram = np.fromfile(f"sino{size}.f32", dtype="<f4").reshape(views, size)
    theta = -np.arange(views) * 180.0 / views
    for name in filters:
        image = iradon(sinogram.T.astype(np.float64), theta=theta, filter_name=name,
                       circle=False, output_size=size, interpolation="linear")
        image.astype("<f4").tofile(f"iradon_{name}_{size}.f32")
        print(size, views, name, file=sys.stderr)
