"""The official IMS schemas the QTI tests validate against, found offline.

The files are IMS Global's own (``imsqti_v2p1.xsd`` and what it imports: ``w3/xml.xsd``,
``w3/XInclude.xsd``, ``w3/mathml2/``, ``apipv1p0/apipv1p0_qtiextv2p1_v1p0.xsd``; and
``imscp_v1p1.xsd`` with ``imsmd_v1p2p4.xsd`` for the manifest), in the folder layout of
``src/qtism/data/storage/xml/schemes`` in the public repository oat-sa/qti-sdk, where they are
kept unchanged with IMS's licence notice at the top of each file (IMS lets anyone copy and
distribute them unchanged with that notice). They are not in this repository: they are looked
for, in this order, in

* the folder named by ``LEARNMETA_QTI_SCHEMAS``;
* ``tests/schemas/qti-2.1`` in this repository;
* ``schemas/qti-2.1`` in the ``shared`` folder beside the repository.

The schema documents are parsed with no network and no entity expansion, so they load offline
or not at all. Without them the tests that need them are skipped and say where to put them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QTI_ITEM = "qtiv2p1/imsqti_v2p1.xsd"
CP_MANIFEST = "imscp_v1p1.xsd"


def schema_folder() -> Path | None:
    candidates = []
    if os.environ.get("LEARNMETA_QTI_SCHEMAS"):
        candidates.append(Path(os.environ["LEARNMETA_QTI_SCHEMAS"]))
    candidates += [ROOT / "tests" / "schemas" / "qti-2.1", ROOT.parent / "shared" / "schemas" / "qti-2.1"]
    for folder in candidates:
        if (folder / QTI_ITEM).is_file() and (folder / CP_MANIFEST).is_file():
            return folder
    return None


_loaded: dict[str, object] = {}


def schemas():
    """(the QTI 2.1 schema, the IMS CP 1.1 manifest schema) as lxml XMLSchema objects, or skip."""
    from lxml import etree

    folder = schema_folder()
    if folder is None:
        pytest.skip("the IMS QTI 2.1 and CP 1.1 schema files are not here: put them in "
                    "tests/schemas/qti-2.1 or set LEARNMETA_QTI_SCHEMAS (see tests/qti_schemas.py)")
    if "qti" not in _loaded:
        parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
        _loaded["qti"] = etree.XMLSchema(etree.parse(str(folder / QTI_ITEM), parser))
        _loaded["cp"] = etree.XMLSchema(etree.parse(str(folder / CP_MANIFEST), parser))
    return _loaded["qti"], _loaded["cp"]
