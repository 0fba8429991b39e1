"""SSH signatures (SSHSIG, as `ssh-keygen -Y sign` makes and git stores in a commit's
`gpgsig` header) verified in-process, with the `cryptography` package.

`r57 check` used to start one `ssh-keygen -Y verify` per commit (~10 ms each, most of a
50-commit check). This module says yes only when it is sure: the armour, the blob, the
namespace, the key (listed for the e-mail in allowed_signers, byte for byte) and the
signature all check out. Anything it cannot decide (another key type, an allowed-signers
line with options or patterns it does not read, a hash it does not know) is `None`, and the
caller asks ssh-keygen, as before. Anything that fails is also left to ssh-keygen and git,
which tell a forged author from an unknown key or a bad signature.

The format (openssh PROTOCOL.sshsig): the armoured blob is
    "SSHSIG" uint32(1) string(publickey) string(namespace) string(reserved)
    string(hash_algorithm) string(signature)
and what is signed is
    "SSHSIG" string(namespace) string(reserved) string(hash_algorithm) string(H(message)).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from typing import NamedTuple

_MAGIC = b"SSHSIG"
_BEGIN = b"-----BEGIN SSH SIGNATURE-----"
_END = b"-----END SSH SIGNATURE-----"
_HASHES = {"sha256": hashlib.sha256, "sha512": hashlib.sha512}
_KEY_TYPES = {
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
}


class Blob(NamedTuple):
    public_key: bytes  # the SSH wire encoding of the signer's key
    key_type: str
    namespace: str
    hash_algorithm: str
    signature: bytes  # string(sig type) string(sig bytes)
    signed_prefix: bytes  # what is signed, but H(message)


def _strings(data: bytes, offset: int, count: int) -> tuple[list[bytes], int]:
    out = []
    for _ in range(count):
        if offset + 4 > len(data):
            raise ValueError("truncated")
        (size,) = struct.unpack_from(">I", data, offset)
        offset += 4
        if offset + size > len(data):
            raise ValueError("truncated")
        out.append(data[offset : offset + size])
        offset += size
    return out, offset


def parse(armoured: bytes) -> Blob | None:
    """The parts of an armoured SSH signature, or None when it is not one."""
    lines = [line.strip() for line in armoured.strip().splitlines()]
    if len(lines) < 3 or lines[0] != _BEGIN or lines[-1] != _END:
        return None
    try:
        raw = base64.b64decode(b"".join(lines[1:-1]), validate=True)
        if not raw.startswith(_MAGIC) or len(raw) < 10:
            return None
        (version,) = struct.unpack_from(">I", raw, 6)
        if version != 1:
            return None
        parts, end = _strings(raw, 10, 5)
        if end != len(raw):
            return None
        public_key, namespace, reserved, hash_algorithm, signature = parts
        (key_type,), _ = _strings(public_key, 0, 1)
        prefix = _MAGIC + b"".join(
            struct.pack(">I", len(p)) + p for p in (namespace, reserved, hash_algorithm)
        )
        return Blob(
            public_key,
            key_type.decode("ascii"),
            namespace.decode("ascii"),
            hash_algorithm.decode("ascii"),
            signature,
            prefix,
        )
    except (ValueError, binascii.Error, UnicodeDecodeError, struct.error):
        return None


def allowed_keys(allowed_signers: str, email: str) -> set[bytes] | None:
    """The key blobs allowed_signers lists for `email` in the git namespace; None when a
    line holds something this reader does not decide (a pattern, an option other than
    namespaces="git", a key type it cannot verify), so that ssh-keygen decides."""
    # Exact, as ssh-keygen matches principals (case-sensitively).
    keys: set[bytes] = set()
    for line in allowed_signers.splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        principals = fields[0].split(",")
        if any(c in fields[0] for c in '*?!"'):
            return None
        rest = fields[1:]
        if rest and rest[0] not in _KEY_TYPES:
            if rest[0] != 'namespaces="git"':
                return None
            rest = rest[1:]
        if len(rest) < 2 or rest[0] not in _KEY_TYPES:
            return None
        if email not in principals:
            continue
        try:
            keys.add(base64.b64decode(rest[1], validate=True))
        except binascii.Error:
            return None
    return keys


def verify(armoured: bytes, message: bytes, allowed_signers: str, email: str) -> bool | None:
    """True when `armoured` is a good git-namespace signature of `message` by a key that
    allowed_signers lists for `email`; None when it cannot say (ask ssh-keygen)."""
    blob = parse(armoured)
    keys = allowed_keys(allowed_signers, email)
    if blob is None or keys is None or blob.namespace != "git" or blob.public_key not in keys:
        return None
    digest = _HASHES.get(blob.hash_algorithm)
    if digest is None or blob.key_type not in _KEY_TYPES:
        return None
    signed = blob.signed_prefix + _string(digest(message).digest())
    try:
        return _check(blob, signed)
    except Exception:  # a malformed key or signature: let ssh-keygen say what is wrong
        return None


def _string(value: bytes) -> bytes:
    return struct.pack(">I", len(value)) + value


def _check(blob: Blob, signed: bytes) -> bool | None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    from cryptography.hazmat.primitives.serialization import load_ssh_public_key

    (sig_type, sig), end = _strings(blob.signature, 0, 2)
    if end != len(blob.signature):
        return None
    line = blob.key_type.encode("ascii") + b" " + base64.b64encode(blob.public_key)
    key = load_ssh_public_key(line)
    try:
        if isinstance(key, ed25519.Ed25519PublicKey) and sig_type == b"ssh-ed25519":
            key.verify(sig, signed)
            return True
        if isinstance(key, rsa.RSAPublicKey) and sig_type in (b"rsa-sha2-256", b"rsa-sha2-512"):
            algorithm = hashes.SHA256() if sig_type == b"rsa-sha2-256" else hashes.SHA512()
            key.verify(sig, signed, padding.PKCS1v15(), algorithm)
            return True
        if isinstance(key, ec.EllipticCurvePublicKey) and sig_type == blob.key_type.encode():
            (r, s), end = _strings(sig, 0, 2)
            if end != len(sig):
                return None
            curve_hash = {256: hashes.SHA256(), 384: hashes.SHA384(), 521: hashes.SHA512()}
            der = encode_dss_signature(int.from_bytes(r, "big"), int.from_bytes(s, "big"))
            key.verify(der, signed, ec.ECDSA(curve_hash[key.curve.key_size]))
            return True
    except InvalidSignature:
        return False
    return None
