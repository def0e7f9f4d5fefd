"""What the Python interop tests share: the running local-cognito (its URL,
from LOCAL_COGNITO_URL, which `cargo xtask test` sets), a boto3 client for
it, its outbox, and small helpers."""

import base64
import json
import os
import unittest
import urllib.parse
import urllib.request
import uuid

import boto3
from botocore.exceptions import ClientError

URL = os.environ.get("LOCAL_COGNITO_URL", "")
PASSWORD = "Un1corns!"


def idp():
    """boto3's cognito-idp client, pointed at local-cognito (which takes any
    credentials: it is local)."""
    return boto3.client(
        "cognito-idp",
        endpoint_url=URL,
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


def claims(token):
    """A JWT's payload (the signature is checked elsewhere)."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def messages(to):
    """The emails local-cognito would have sent to `to`, oldest first."""
    query = urllib.parse.urlencode({"to": to})
    with urllib.request.urlopen(f"{URL}/_local/messages?{query}") as response:
        return json.load(response)


def latest_code(to):
    """The 6-digit code of the last email to `to`."""
    sent = messages(to)
    assert sent, f"a message to {to}"
    return next(w for w in sent[-1]["body"].replace(".", " ").split() if w.isdigit() and len(w) == 6)


@unittest.skipUnless(URL, "LOCAL_COGNITO_URL names a running local-cognito")
class PoolTestCase(unittest.TestCase):
    """Tests that share a boto3 client (`idp`) and a pool of their own
    (`pool_id`, made by the subclass's setUpClass), deleted after them."""

    pool_id = None

    @classmethod
    def setUpClass(cls):
        cls.idp = idp()

    @classmethod
    def tearDownClass(cls):
        if cls.pool_id:
            try:
                cls.idp.delete_user_pool(UserPoolId=cls.pool_id)
            except ClientError:
                pass
