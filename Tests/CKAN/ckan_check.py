"""Reads the registry through its CKAN-compatible API with the real ckanapi client and compares with its own API.

    ckan_check.py CKANAPI_COMMAND BASE_URL OUT_DIR

Runs `ckanapi action package_search` with fq and facet.field, `ckanapi action package_show` and
`ckanapi dump datasets --all` against the service at BASE_URL, and compares what they return with
/api/v1/open-catalog; checks that an oversized rows and an fq CKAN would refuse are refused with CKAN's errors.
Prints a few figures; exits 1 on the first failure (A28.1).
"""
import json
import os
import subprocess
import sys
import urllib.request


def fail(message):
    print(f"ckanapi check: FAILED: {message}")
    sys.exit(1)


def ckanapi(command, *arguments, expect_failure=False):
    # dump starts its workers as `ckanapi` from PATH: the virtual environment's.
    environment = dict(os.environ, PATH=os.path.dirname(command) + os.pathsep + os.environ.get("PATH", ""))
    run = subprocess.run([command, *arguments], capture_output=True, text=True, timeout=600, env=environment)
    if expect_failure:
        if run.returncode == 0:
            fail(f"ckanapi {' '.join(arguments)} succeeded; expected CKAN's error")
        return run.stderr + run.stdout
    if run.returncode != 0:
        fail(f"ckanapi {' '.join(arguments)}: exit {run.returncode}: {run.stderr[-2000:]}")
    return run.stdout


def open_catalog(base, **filters):
    """Every entry of the registry's own open catalog, page by page."""
    entries, offset = [], 0
    query = "".join(f"&{key}={value}" for key, value in filters.items())
    while True:
        with urllib.request.urlopen(f"{base}/api/v1/open-catalog?limit=500&offset={offset}{query}", timeout=60) as response:
            page = json.load(response)
        entries += page["items"]
        offset += len(page["items"])
        if not page["items"] or offset >= page["total"]:
            return entries, page["total"]


def main():
    command, base, out = sys.argv[1:4]
    entries, total = open_catalog(base)
    unconditional = [e for e in entries if e["open_type"] == "unconditional"]
    with_files = [e for e in unconditional if e.get("distributions")]

    search = json.loads(ckanapi(command, "action", "package_search", "-r", base, "fq=open_type:unconditional AND res_format:CSV",
                                'facet.field:["organization", "res_format", "open_type", "division"]', "facet.limit:-1", "rows:1000"))
    if search["count"] != len(with_files):
        fail(f"package_search counted {search['count']} unconditional items with a CSV file; the open catalog has {len(with_files)}")
    if {r["id"].lower() for r in search["results"]} != {e["item_id"].lower() for e in with_files}:
        fail("package_search found other items than the open catalog's unconditional items with a file")
    if search["facets"]["res_format"] != {"CSV": len(with_files)} or search["facets"]["open_type"] != {"unconditional": len(with_files)}:
        fail(f"facet counts disagree: {search['facets']['res_format']}, {search['facets']['open_type']}")
    organizations = {}
    for entry in with_files:
        organizations[entry["institution"].lower()] = organizations.get(entry["institution"].lower(), 0) + 1
    if search["facets"]["organization"] != organizations:
        fail("the organization facet disagrees with the open catalog")

    first = sorted(with_files, key=lambda e: e["item_code"])[0]
    name = next(r["name"] for r in search["results"] if r["id"].lower() == first["item_id"].lower())
    package = json.loads(ckanapi(command, "action", "package_show", "-r", base, f"id={name}"))
    if package["title"] != first["item_name"] or package["organization"]["title"] != first["institution_name"]:
        fail(f"package_show {name} disagrees with the open catalog")
    if [r["access_url"] for r in package["resources"]] != [d["access_url"] for d in first["distributions"]]:
        fail(f"the resources of {name} are not the item's distributions")

    dump_file = f"{out}/datasets.jsonl"
    ckanapi(command, "dump", "datasets", "--all", "-r", base, "-O", dump_file, "-p", "2", "-q")
    dumped = [json.loads(line) for line in open(dump_file, encoding="utf-8") if line.strip()]
    if len(dumped) != total or {d["id"].lower() for d in dumped} != {e["item_id"].lower() for e in entries}:
        fail(f"dump datasets --all gave {len(dumped)} datasets; the open catalog has {total}")

    refused = ckanapi(command, "action", "package_search", "-r", base, "rows:1001", expect_failure=True)
    if "rows" not in refused:
        fail(f"rows over 1000 was not refused naming rows: {refused[-500:]}")
    refused = ckanapi(command, "action", "package_search", "-r", base, "fq=organization:(a OR b", expect_failure=True)
    if "Search Query" not in refused and "SearchQueryError" not in refused:
        fail(f"a malformed fq was not refused as a search query error: {refused[-500:]}")
    print(f"ckanapi check: OK — package_search found {search['count']} of {total} open datasets with fq and 4 facets as the open "
          f"catalog counts them; package_show {name} matches; dump datasets --all gave {len(dumped)} datasets; "
          f"rows over 1000 and a malformed fq refused with CKAN's errors")


if __name__ == "__main__":
    main()
