"""The shapes of the plan's IDs and addresses, as regular expressions: the models
(model.py) validate with them, and the commands that only need to recognise an ID
(workspace.py) use them without importing pydantic (start-up time: docs/speed.md)."""

from __future__ import annotations

TASK_ID_PATTERN = r"^[A-Z]{1,8}-[0-9]{1,6}$"
UNIT_ID_PATTERN = r"^[a-z][a-z0-9-]{0,31}$"
PERSON_ID_PATTERN = r"^[a-z][a-z0-9._-]{0,63}$"
BLOCKER_ID_PATTERN = r"^B-[0-9]{1,4}$"
REQUEST_ID_PATTERN = r"^R-[0-9]{1,4}$"
RESCHEDULE_ID_PATTERN = r"^S-[0-9]{1,4}$"
EMAIL_PATTERN = r"^[^@\s<>]+@[^@\s<>]+$"
# An OpenSSH public key line as `ssh-keygen` prints it: type, base64 key, optional comment.
SSH_KEY_PATTERN = (
    r"^(?:ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com"
    r"|sk-ecdsa-sha2-nistp256@openssh\.com) AAAA[A-Za-z0-9+/]+={0,3}(?: [^\x00-\x1f]{0,200})?$"
)
GITHUB_PATTERN = r"^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$"
# federation.yaml (plan/federationmodel.py): its members and national targets.
MEMBER_ID_PATTERN = r"^[a-z][a-z0-9-]{0,39}$"
TARGET_ID_PATTERN = r"^[A-Z][A-Z0-9]{0,7}-[0-9]{1,4}$"
