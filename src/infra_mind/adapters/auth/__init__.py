"""Bearer tokens: signing and verifying our own JWTs, and single sign-on (OIDC) tokens."""
