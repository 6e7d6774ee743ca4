"""Writes the .npz fixtures the way numpy.savez does, without numpy: each array is a .npy
(version 1.0 header padded to 64 bytes) written into a zipfile entry opened with
force_zip64=True, as numpy's _savez does. Run with python3 in this directory."""
import struct
import zipfile


def npy(descr, shape, data, fortran_order=False):
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
        descr, fortran_order, repr(tuple(shape)))
    padding = (64 - (10 + len(header) + 1) % 64) % 64
    header = header + " " * padding + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") + data


ARRAYS = {
    # 0.weight: [[1.5, -2, 3.25], [4, 5, 6.125]] as little-endian float32, C order
    "0.weight": npy("<f4", (2, 3), struct.pack("<6f", 1.5, -2, 3.25, 4, 5, 6.125)),
    # 0.bias: [0.5, -0.25] as big-endian float64
    "0.bias": npy(">f8", (2,), struct.pack(">2d", 0.5, -0.25)),
    # 2.weight: [[1, 2]] as little-endian float64 in Fortran order (same bytes for one row)
    "2.weight": npy("<f8", (1, 2), struct.pack("<2d", 1, 2), fortran_order=True),
}

for name, compression in (("savez.npz", zipfile.ZIP_STORED),
                          ("savez_compressed.npz", zipfile.ZIP_DEFLATED)):
    with zipfile.ZipFile(name, mode="w", compression=compression, allowZip64=True) as archive:
        for key, content in ARRAYS.items():
            with archive.open(key + ".npy", "w", force_zip64=True) as entry:
                entry.write(content)
