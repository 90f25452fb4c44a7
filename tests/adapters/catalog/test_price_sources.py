"""Each provider's price source against its documented response format on a loopback server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from infra_mind.adapters.catalog.aws import OFFER_PATH, AwsPriceListFiles
from infra_mind.adapters.catalog.azure import AzureRetailPrices
from infra_mind.adapters.catalog.gcp import COMPUTE_ENGINE, GcpBillingCatalog
from infra_mind.domain.knowledge.refresh import WantedPrice
from infra_mind.ports.catalog import PriceSource, PriceSourceError
from tests.adapters.catalog.formats import aws_offer, azure_item, azure_page, gcp_sku
from tests.price_server import PriceServer, price_server

pytestmark = pytest.mark.anyio


@pytest.fixture
def server() -> Iterator[PriceServer]:
    with price_server() as s:
        yield s


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as c:
        yield c


def wanted(instance_id: str, *regions: str, **over: object) -> WantedPrice:
    base: dict[str, object] = {
        "instance_id": instance_id,
        "family": "x",
        "vcpus": 4,
        "ram_gib": 16,
        "gpu_model": None,
        "gpu_count": 0,
        "regions": regions,
    }
    return WantedPrice.model_validate(base | over)


# -- Azure -----------------------------------------------------------------------------------
AZ = "/api/retail/prices"


async def test_azure_follows_next_page_link_and_keeps_linux_on_demand_only(
    server: PriceServer, client: httpx.AsyncClient
) -> None:
    server.serve(
        AZ,
        azure_page(
            [
                azure_item("Standard_D2s_v5", "eastus", 0.096),
                azure_item("Standard_D2s_v5", "eastus", 0.188, productName="Dsv5 Windows"),
                azure_item("Standard_D2s_v5", "eastus", 0.02, skuName="D2s v5 Spot"),
            ],
            next_link=f"{server.url}{AZ}?page=2",
        ),
    )
    server.serve(
        AZ, azure_page([azure_item("Standard_D2s_v5", "westeurope", 0.115)], None), page="2"
    )
    source = AzureRetailPrices(client, server.url + AZ)

    fetched = await source.fetch([wanted("Standard_D2s_v5", "eastus", "westeurope")])

    assert isinstance(source, PriceSource)
    assert {(q.region, q.usd_per_hour) for q in fetched.quotes} == {
        ("eastus", 0.096),
        ("westeurope", 0.115),
    }
    assert len(server.requests) == 2


async def test_azure_counts_unknown_skus_and_refuses_non_usd_prices(
    server: PriceServer, client: httpx.AsyncClient
) -> None:
    server.serve(
        AZ,
        azure_page(
            [
                azure_item("Standard_D2s_v5", "eastus", 0.096),
                azure_item("Standard_D2s_v5", "westeurope", 0.11, currencyCode="EUR"),
                azure_item("Standard_M416ms_v2", "eastus", 80.0),
            ],
            None,
        ),
    )

    fetched = await AzureRetailPrices(client, server.url + AZ).fetch(
        [wanted("Standard_D2s_v5", "eastus", "westeurope")]
    )

    assert (len(fetched.quotes), fetched.unknown_skus, fetched.non_usd) == (1, 1, 1)


async def test_azure_cites_the_providers_query_for_the_record(
    server: PriceServer, client: httpx.AsyncClient
) -> None:
    server.serve(AZ, azure_page([azure_item("Standard_D2s_v5", "eastus", 0.096)], None))

    fetched = await AzureRetailPrices(client, server.url + AZ).fetch(
        [wanted("Standard_D2s_v5", "eastus")]
    )

    assert fetched.quotes[0].source.startswith("https://prices.azure.com/api/retail/prices?")
    assert "Standard_D2s_v5" in fetched.quotes[0].source


async def test_azure_malformed_page_is_a_clear_error(
    server: PriceServer, client: httpx.AsyncClient
) -> None:
    server.serve(AZ, {"BillingCurrency": "USD", "Count": 0})

    with pytest.raises(PriceSourceError, match="field 'Items' missing"):
        await AzureRetailPrices(client, server.url + AZ).fetch(
            [wanted("Standard_D2s_v5", "eastus")]
        )


async def test_azure_non_json_page_is_a_clear_error(
    server: PriceServer, client: httpx.AsyncClient
) -> None:
    server.serve(AZ, "<html>maintenance</html>")

    with pytest.raises(PriceSourceError, match="not JSON"):
        await AzureRetailPrices(client, server.url + AZ).fetch(
            [wanted("Standard_D2s_v5", "eastus")]
        )


# -- AWS -------------------------------------------------------------------------------------
async def test_aws_reads_each_regions_offer_file(
    server: PriceServer, client: httpx.AsyncClient
) -> None:
    for region, price in (("us-east-1", "0.8048000000"), ("eu-west-3", "1.0216000000")):
        server.serve(
            OFFER_PATH.format(region=region),
            aws_offer(region, [(f"SKU{region}", "g6.xlarge", "USD", price)]),
        )

    fetched = await AwsPriceListFiles(client, server.url).fetch(
        [wanted("g6.xlarge", "us-east-1", "eu-west-3")]
    )

    assert {(q.region, q.usd_per_hour) for q in fetched.quotes} == {
        ("us-east-1", 0.8048),
        ("eu-west-3", 1.0216),
    }
    assert fetched.quotes[0].source.startswith("https://pricing.us-east-1.amazonaws.com/offers/")


async def test_aws_counts_unknown_types_and_refuses_non_usd(
    server: PriceServer, client: httpx.AsyncClient
) -> None:
    server.serve(
        OFFER_PATH.format(region="us-east-1"),
        aws_offer(
            "us-east-1",
            [
                ("A", "g6.xlarge", "USD", "0.8048"),
                ("B", "x8g.metal-48xl", "USD", "8.0"),
                ("C", "g5.xlarge", "CNY", "7.1"),
            ],
        ),
    )

    fetched = await AwsPriceListFiles(client, server.url).fetch(
        [wanted("g6.xlarge", "us-east-1"), wanted("g5.xlarge", "us-east-1")]
    )

    assert (len(fetched.quotes), fetched.unknown_skus, fetched.non_usd) == (1, 1, 1)


async def test_aws_offer_file_without_terms_is_a_clear_error(
    server: PriceServer, client: httpx.AsyncClient
) -> None:
    server.serve(OFFER_PATH.format(region="us-east-1"), {"products": {}})

    with pytest.raises(PriceSourceError, match="field 'terms' missing"):
        await AwsPriceListFiles(client, server.url).fetch([wanted("g6.xlarge", "us-east-1")])


async def test_aws_missing_offer_file_is_a_clear_error(
    server: PriceServer, client: httpx.AsyncClient
) -> None:
    with pytest.raises(PriceSourceError, match="404"):
        await AwsPriceListFiles(client, server.url).fetch([wanted("g6.xlarge", "us-east-1")])


# -- GCP -------------------------------------------------------------------------------------
SKUS = f"/services/{COMPUTE_ENGINE}/skus"


async def test_gcp_pages_by_token_and_sums_a_machines_components(
    server: PriceServer, client: httpx.AsyncClient
) -> None:
    # g2-standard-4 = 4 vCPU × 0.02 + 16 GiB × 0.0025 + 1 L4 × 0.56 = 0.68 USD/h.
    server.serve(
        SKUS,
        {
            "skus": [
                gcp_sku("G2 Instance Core running in Americas", ["us-central1"], 0.02),
                gcp_sku(
                    "Spot Preemptible G2 Instance Core running in Americas",
                    ["us-central1"],
                    0.008,
                    usage="Preemptible",
                ),
                gcp_sku("C3 Instance Core running in Americas", ["us-central1"], 0.03),
            ],
            "nextPageToken": "p2",
        },
        key="k3y",
    )
    server.serve(
        SKUS,
        {
            "skus": [
                gcp_sku("G2 Instance Ram running in Americas", ["us-central1"], 0.0025),
                gcp_sku("Nvidia L4 GPU running in Americas", ["us-central1"], 0.56),
            ],
            "nextPageToken": "",
        },
        key="k3y",
        pageToken="p2",
    )
    g2 = wanted("g2-standard-4", "us-central1", family="g2", gpu_model="l4-24gb", gpu_count=1)

    fetched = await GcpBillingCatalog(client, "k3y", server.url).fetch([g2])

    assert [(q.region, q.usd_per_hour) for q in fetched.quotes] == [("us-central1", 0.68)]
    assert fetched.unknown_skus == 1
    assert "k3y" not in fetched.quotes[0].source


async def test_gcp_refuses_non_usd_and_quotes_nothing_with_a_component_missing(
    server: PriceServer, client: httpx.AsyncClient
) -> None:
    server.serve(
        SKUS,
        {
            "skus": [
                gcp_sku(
                    "E2 Instance Core running in Americas", ["us-central1"], 0.02, currency="EUR"
                ),
                gcp_sku("E2 Instance Ram running in Americas", ["us-central1"], 0.003),
            ]
        },
        key="k",
    )
    e2 = wanted("e2-standard-2", "us-central1", family="e2")

    fetched = await GcpBillingCatalog(client, "k", server.url).fetch([e2])

    assert (fetched.quotes, fetched.non_usd) == ((), 1)


async def test_gcp_malformed_sku_is_a_clear_error(
    server: PriceServer, client: httpx.AsyncClient
) -> None:
    server.serve(SKUS, {"skus": [{"description": "E2 Instance Core running in Americas"}]}, key="k")

    with pytest.raises(PriceSourceError, match="field 'category' missing"):
        await GcpBillingCatalog(client, "k", server.url).fetch(
            [wanted("e2-standard-2", "us-central1", family="e2")]
        )
