"""Sign a SOAP envelope with WS-Security as zeep does: zeep_sign.py KEY CERT IN OUT.

Uses zeep.wsse.signature.BinarySignature (BinarySecurityToken + rsa-sha256/sha256 via
python-xmlsec). The input's wsse:Security header, with its wsu:Timestamp, is kept: zeep signs
the Body and the Timestamp it finds there.
"""
import sys

from lxml import etree
import xmlsec
from zeep.wsse.signature import BinarySignature


def main() -> int:
    key, cert, src, dst = sys.argv[1:5]
    envelope = etree.parse(src).getroot()
    signer = BinarySignature(
        key,
        cert,
        signature_method=xmlsec.Transform.RSA_SHA256,
        digest_method=xmlsec.Transform.SHA256,
    )
    envelope, _headers = signer.apply(envelope, {})
    with open(dst, "wb") as out:
        out.write(etree.tostring(envelope))
    return 0


if __name__ == "__main__":
    sys.exit(main())
