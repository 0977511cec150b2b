"""The pass token format (issue #5), with no Django: CWT claims in COSE_Sign1 (ES256), zlib, Base45."""
