"""A small OpenID Connect provider for the tests: discovery, authorize, token, userinfo and
JWKS on 127.0.0.1, signing ID tokens with a fresh RSA key. It lets the tests run allauth's
real OIDC client over real HTTP instead of mocking it."""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "laereportal-test"
CLIENT_SECRET = "test-client-secret"


@dataclass
class LocalProvider:
    """Every login at this provider is for `claims` (sub, email, acr, ...)."""

    claims: dict = field(default_factory=dict)
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    codes: dict[str, dict] = field(default_factory=dict)
    tokens: dict[str, dict] = field(default_factory=dict)
    server: ThreadingHTTPServer | None = None

    @property
    def issuer(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> LocalProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                provider.handle_get(self)

            def do_POST(self) -> None:
                provider.handle_post(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    def handle_get(self, request: BaseHTTPRequestHandler) -> None:
        url = urlparse(request.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            return _json(request, self.discovery())
        if url.path == "/jwks":
            jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
            jwk.update(kid="test-key", use="sig", alg="RS256")
            return _json(request, {"keys": [jwk]})
        if url.path == "/authorize":
            if query.get("client_id") != CLIENT_ID:
                return _json(request, {"error": "unauthorized_client"}, status=400)
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"nonce": query.get("nonce")}
            target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
            request.send_response(302)
            request.send_header("Location", target)
            request.end_headers()
            return None
        if url.path == "/userinfo":
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in self.tokens:
                return _json(request, {"error": "invalid_token"}, status=401)
            return _json(request, self.tokens[token])
        return _json(request, {"error": "not_found"}, status=404)

    def handle_post(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(request.rfile.read(length).decode()).items()}
        if urlparse(request.path).path != "/token" or form.get("code") not in self.codes:
            return _json(request, {"error": "invalid_grant"}, status=400)
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return _json(request, {"error": "invalid_client"}, status=401)
        self.codes.pop(form["code"])
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = dict(self.claims)
        now = int(time.time())
        id_token = jwt.encode(
            {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300, **self.claims},
            self.key,
            algorithm="RS256",
            headers={"kid": "test-key"},
        )
        return _json(
            request,
            {"access_token": access_token, "token_type": "Bearer", "id_token": id_token},
        )


def _json(request: BaseHTTPRequestHandler, body: dict, status: int = 200) -> None:
    payload = json.dumps(body).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(payload)))
    request.end_headers()
    request.wfile.write(payload)
