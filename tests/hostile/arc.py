"""Builders of hostile archives for tests/hostile cases (see lib.sh arc)."""
import gzip, io, os, struct, tarfile, warnings, zipfile

warnings.simplefilter("ignore")
HEADER = (b"case_id,date_identified,country,sex,age,citizenship,exploitation,"
          b"status,identified_by,referred_nrm,assistance,asylum_channel\n")
GOOD = HEADER + b"V1,2010-02-01,SRB,female,24,SRB,sexual,actual,police,true,shelter,false\n"
OK = {"name": "victims.csv", "data": GOOD}


def tar(name, members, mode="w:gz", tail=b""):
    """members: dicts name, data, type (tarfile type), link, mode."""
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode=mode, format=tarfile.GNU_FORMAT) as t:
        for m in members:
            ti = tarfile.TarInfo(m["name"])
            ti.type = m.get("type", tarfile.REGTYPE)
            ti.linkname = m.get("link", "")
            data = m.get("data", b"")
            ti.size = len(data) if ti.type == tarfile.REGTYPE else 0
            ti.mode = m.get("mode", 0o644)
            t.addfile(ti, io.BytesIO(data) if ti.size else None)
    put(name, bio.getvalue() + tail)


def zipf(name, members, fix=None):
    """members: dicts name (str or bytes), data, comp, mode (unix)."""
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w") as z:
        for m in members:
            zi = zipfile.ZipInfo(m["name"], date_time=(2010, 1, 1, 0, 0, 0))
            zi.compress_type = m.get("comp", zipfile.ZIP_DEFLATED)
            if "mode" in m:
                zi.create_system = 3
                zi.external_attr = m["mode"] << 16
            z.writestr(zi, m.get("data", b""))
    b = bytearray(bio.getvalue())
    if fix:
        fix(b)
    put(name, bytes(b))


def put(name, data):
    with open(name, "wb") as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, mtime=0)


def bad_crc(b):
    """Flips a byte of the first zip member's data."""
    off = 30 + struct.unpack("<H", b[26:28])[0] + struct.unpack("<H", b[28:30])[0]
    b[off] ^= 0x55
