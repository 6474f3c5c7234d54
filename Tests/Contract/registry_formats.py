"""Generators for the OpenAPI document's own string formats, for the contract run (scripts/contract.sh).

schemathesis knows `date` and `uuid`; the registry's document also names `uscc` (a unified social credit code,
GB 32100-2015, whose last character is a MOD 31 check character), `catalog-cursor` (a page cursor of the catalog
item list) and `open-catalog-cursor` (a page cursor of the open catalog's search: rank, id and code). Without these generators the run would send random 18-character strings and count the server's correct
refusal of a wrong check character as "a schema-valid request rejected".
"""
import base64

import schemathesis
from hypothesis import strategies as st

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def with_check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return first17 + ALPHABET[(31 - total % 31) % 31]


letters = st.sampled_from(ALPHABET)
digits = st.sampled_from("0123456789")
first17 = st.tuples(st.lists(letters, min_size=2, max_size=2), st.lists(digits, min_size=6, max_size=6),
                    st.lists(letters, min_size=9, max_size=9)).map(lambda parts: "".join(sum(parts, [])))
schemathesis.openapi.format("uscc", first17.map(with_check_character))


def cursor(code: str, item_id) -> str:
    raw = f"{code} {str(item_id).lower()}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1, max_size=20)
schemathesis.openapi.format("catalog-cursor", st.builds(cursor, codes, st.uuids()))


def open_cursor(rank: int, item_id, code: str) -> str:
    raw = f"{rank}\x1f{str(item_id).lower()}\x1f{code}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


schemathesis.openapi.format("open-catalog-cursor", st.builds(open_cursor, st.integers(min_value=0, max_value=2), st.uuids(), codes))
