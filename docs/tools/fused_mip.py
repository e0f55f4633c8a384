#!/usr/bin/python3
"""Draws a coronal picture of SPECT reconstructions fused over their CT, placed by patient
coordinates alone: the CT's Image Position (Patient) per slice, the SPECT MetaImage's Offset and
ElementSpacing (as `recon osem --out X.mhd` writes them for DICOM input). The CT is shown as the
mean over y of its attenuation (bones and body outline), the SPECT as a maximum intensity
projection over y in a hot colour scale, both in the CT's x and z, patient's right on the left
(radiological), head at the top.

usage: fused_mip.py CT_FOLDER OUT.png SPECT1.mhd [SPECT2.mhd ...]
Needs Debian's python3-numpy, python3-pydicom and python3-pil.
"""
import glob
import os
import sys

import numpy as np
import pydicom
from PIL import Image


def read_mhd(path):
    keys = {}
    for line in open(path):
        if "=" in line:
            key, value = line.split("=", 1)
            keys[key.strip()] = value.strip()
    size = [int(v) for v in keys["DimSize"].split()]
    spacing = [float(v) for v in keys["ElementSpacing"].split()]
    offset = [float(v) for v in keys["Offset"].split()]
    data = np.fromfile(os.path.join(os.path.dirname(path), keys["ElementDataFile"]), dtype="<f4")
    return data.reshape(size[::-1]), np.array(spacing), np.array(offset)  # [z][y][x]


def read_ct(folder):
    slices = [pydicom.dcmread(f) for f in sorted(glob.glob(os.path.join(folder, "*")))]
    slices.sort(key=lambda s: float(s.ImagePositionPatient[2]))
    volume = np.stack([s.pixel_array * float(s.RescaleSlope) + float(s.RescaleIntercept) for s in slices])
    first = [float(v) for v in slices[0].ImagePositionPatient]
    dz = float(slices[1].ImagePositionPatient[2]) - first[2]
    dy, dx = (float(v) for v in slices[0].PixelSpacing)
    return volume, np.array([dx, dy, dz]), np.array(first)


def main():
    ct_folder, out = sys.argv[1], sys.argv[2]
    ct, ct_spacing, ct_origin = read_ct(ct_folder)
    # a coronal grid of 2 mm in x and z over the CT's extent
    step = 2.0
    xs = np.arange(ct_origin[0], ct_origin[0] + ct.shape[2] * ct_spacing[0], step)
    zs = np.arange(ct_origin[2] + (ct.shape[0] - 1) * ct_spacing[2], ct_origin[2], -step)  # head first
    ix = np.clip(np.round((xs - ct_origin[0]) / ct_spacing[0]).astype(int), 0, ct.shape[2] - 1)
    iz = np.clip(np.round((zs - ct_origin[2]) / ct_spacing[2]).astype(int), 0, ct.shape[0] - 1)
    grey = np.clip(ct, -1000, 1500).mean(axis=1)[iz][:, ix]
    grey = (grey - grey.min()) / (grey.max() - grey.min())
    hot = np.zeros_like(grey)
    for path in sys.argv[3:]:
        spect, spacing, offset = read_mhd(path)
        mip = spect.max(axis=1)  # [z][x]
        sx = np.round((xs - offset[0]) / spacing[0]).astype(int)
        sz = np.round((zs - offset[2]) / spacing[2]).astype(int)
        inside = (sx[None, :] >= 0) & (sx[None, :] < spect.shape[2]) & (sz[:, None] >= 0) & (sz[:, None] < spect.shape[0])
        picked = mip[np.clip(sz, 0, spect.shape[0] - 1)][:, np.clip(sx, 0, spect.shape[2] - 1)]
        hot = np.maximum(hot, np.where(inside, picked / mip.max(), 0))
    hot = np.clip(hot / 0.6, 0, 1)  # saturate the hottest organs a little so the rest shows
    red = np.clip(3 * hot, 0, 1)
    green = np.clip(3 * hot - 1, 0, 1)
    blue = np.clip(3 * hot - 2, 0, 1)
    alpha = np.clip(hot * 3, 0, 0.85)
    rgb = np.stack([grey * (1 - alpha) + red * alpha, grey * (1 - alpha) + green * alpha,
                    grey * (1 - alpha) + blue * alpha], axis=-1)
    Image.fromarray((rgb * 255).astype(np.uint8)).save(out)


if __name__ == "__main__":
    main()
