"""Harvests the registry's DCAT-AP export as a harvester would and checks it (A28.1).

    harvest_check.py BASE_URL HIDDEN_IDS_FILE SHAPES_FILE

BASE_URL is where the service answers (and, through REGISTRY_PUBLIC_URL, the root of the URIs it mints). The catalog
is read page by page in Turtle, JSON-LD and RDF/XML, following hydra:nextPage as ckanext-dcat's harvester does; each
page must parse with rdflib to the same graph in all three (the paging node names its own format's pages and is
compared with the extension set aside). The whole catalog must conform to the project's DCAT-AP 3.0.1 shapes
(pySHACL). No item listed in HIDDEN_IDS_FILE (published items that are suspended, withdrawn or not open) may appear,
and each one's dataset URL answers 404. Prints a few figures; exits 1 on the first failure.
"""
import sys
import urllib.error
import urllib.request

import pyshacl
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

DCAT = Namespace("http://www.w3.org/ns/dcat#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml"}
MEDIA = {"ttl": "text/turtle", "jsonld": "application/ld+json", "rdf": "application/rdf+xml"}


def fail(message):
    print(f"harvest check: FAILED: {message}")
    sys.exit(1)


def fetch(url, extension):
    with urllib.request.urlopen(url, timeout=60) as response:
        kind = response.headers.get("Content-Type", "")
        if not kind.startswith(MEDIA[extension]):
            fail(f"{url} answered {kind}, not {MEDIA[extension]}")
        graph = Graph()
        graph.parse(data=response.read(), format=FORMATS[extension])
        return graph


def without_paging(graph):
    """The graph less the hydra:PagedCollection node, and that node's triples with the format's extension removed."""
    rest, paging = Graph(), set()
    pages = set(graph.subjects(RDF.type, HYDRA.PagedCollection))
    for s, p, o in graph:
        if s in pages:
            paging.add((str(s).split(".")[-1].split("?")[-1], str(p), str(o).rsplit(".", 1)[-1].split("?")[-1]))
        else:
            rest.add((s, p, o))
    return rest, paging


def same_in_three(url_of):
    graphs = {extension: fetch(url_of(extension), extension) for extension in FORMATS}
    base, paging = without_paging(graphs["ttl"])
    for extension in ("jsonld", "rdf"):
        other, other_paging = without_paging(graphs[extension])
        if not isomorphic(base, other):
            fail(f"{url_of(extension)} is not the same graph as {url_of('ttl')} ({len(other)} vs {len(base)} triples)")
        if other_paging != paging:
            fail(f"{url_of(extension)} pages differently from {url_of('ttl')}")
    return graphs["ttl"]


def main():
    base_url, hidden_file, shapes_file = sys.argv[1:4]
    hidden = {line.strip() for line in open(hidden_file, encoding="utf-8") if line.strip()}
    catalog, page, pages = Graph(), 1, 0
    while page:
        graph = same_in_three(lambda extension: f"{base_url}/api/v1/dcat/catalog.{extension}?page={page}")
        catalog += graph
        pages += 1
        following = [str(o) for o in graph.objects(None, HYDRA.nextPage)]
        page = int(following[0].rsplit("=", 1)[-1]) if following else None
    datasets = set(catalog.subjects(RDF.type, DCAT.Dataset))
    total = int(next(catalog.objects(None, HYDRA.totalItems)))
    if len(datasets) != total:
        fail(f"{len(datasets)} datasets harvested, hydra:totalItems says {total}")
    for item in hidden:
        if (URIRef(f"{base_url}/id/dataset/{item}"), None, None) in catalog:
            fail(f"item {item} is not open (or suspended, or withdrawn) and yet exported")
    conforms, _, report = pyshacl.validate(catalog, shacl_graph=shapes_file, shacl_graph_format="turtle", inference="none")
    if not conforms:
        print(report[:6000])
        fail("the catalog does not conform to Tests/DCAT/shapes.ttl")
    first = sorted(str(d) for d in datasets)[0].rsplit("/", 1)[-1]
    dataset = same_in_three(lambda extension: f"{base_url}/api/v1/dcat/datasets/{first}.{extension}")
    conforms, _, report = pyshacl.validate(dataset, shacl_graph=shapes_file, shacl_graph_format="turtle", inference="none")
    if not conforms:
        print(report[:6000])
        fail(f"dataset {first} does not conform")
    for item in sorted(hidden)[:25]:
        for extension in FORMATS:
            try:
                urllib.request.urlopen(f"{base_url}/api/v1/dcat/datasets/{item}.{extension}", timeout=30)
                fail(f"dataset {item}.{extension} is served though not open")
            except urllib.error.HTTPError as error:
                if error.code != 404:
                    fail(f"dataset {item}.{extension} answered {error.code}, not 404")
    distributions = len(set(catalog.subjects(RDF.type, DCAT.Distribution)))
    print(f"harvest check: OK — {pages} pages, {len(datasets)} datasets, {distributions} distributions, {len(catalog)} triples; "
          f"the same graph in Turtle, JSON-LD and RDF/XML; conforms to the DCAT-AP 3.0.1 shapes; "
          f"none of {len(hidden)} items not open, suspended or withdrawn exported")


if __name__ == "__main__":
    main()
