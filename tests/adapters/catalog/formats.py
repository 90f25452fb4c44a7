"""Response bodies in each provider's documented price format (constructed, not recorded)."""

from __future__ import annotations

from typing import Any


def azure_item(sku: str, region: str, price: float, **over: Any) -> dict[str, Any]:
    """One Items[] entry of the Azure Retail Prices API."""
    item = {
        "currencyCode": "USD",
        "retailPrice": price,
        "unitPrice": price,
        "armRegionName": region,
        "location": region,
        "armSkuName": sku,
        "skuName": sku.removeprefix("Standard_").replace("_", " "),
        "productName": "Virtual Machines Series Linux",
        "serviceName": "Virtual Machines",
        "unitOfMeasure": "1 Hour",
        "type": "Consumption",
        "effectiveStartDate": "2026-11-01T00:00:00Z",
    }
    return item | over


def azure_page(items: list[dict[str, Any]], next_link: str | None) -> dict[str, Any]:
    return {
        "BillingCurrency": "USD",
        "CustomerEntityId": "Default",
        "CustomerEntityType": "Retail",
        "Items": items,
        "NextPageLink": next_link,
        "Count": len(items),
    }


def aws_offer(region: str, rows: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    """An EC2 offer file of ``(sku, instanceType, currency, price)`` Linux shared rows."""
    products, on_demand = {}, {}
    for sku, instance_type, currency, price in rows:
        products[sku] = {
            "sku": sku,
            "productFamily": "Compute Instance",
            "attributes": {
                "instanceType": instance_type,
                "regionCode": region,
                "operatingSystem": "Linux",
                "tenancy": "Shared",
                "preInstalledSw": "NA",
                "capacitystatus": "Used",
                "licenseModel": "No License required",
            },
        }
        on_demand[sku] = {
            f"{sku}.JRTCKXETXF": {
                "offerTermCode": "JRTCKXETXF",
                "sku": sku,
                "priceDimensions": {
                    f"{sku}.JRTCKXETXF.6YS6EN2CT7": {
                        "unit": "Hrs",
                        "pricePerUnit": {currency: price},
                        "description": f"{currency} {price} per On Demand Linux {instance_type}",
                    }
                },
            }
        }
    return {
        "formatVersion": "v1.0",
        "offerCode": "AmazonEC2",
        "publicationDate": "2026-11-20T00:00:00Z",
        "products": products,
        "terms": {"OnDemand": on_demand},
    }


def gcp_sku(
    description: str, regions: list[str], usd: float, usage: str = "OnDemand", currency: str = "USD"
) -> dict[str, Any]:
    """One skus[] entry of the Cloud Billing Catalog API."""
    units, nanos = int(usd), round((usd - int(usd)) * 1e9)
    return {
        "name": f"services/6F81-5844-456A/skus/{abs(hash(description)) % 10**8:08d}",
        "skuId": f"{abs(hash(description)) % 10**8:08d}",
        "description": description,
        "category": {
            "serviceDisplayName": "Compute Engine",
            "resourceFamily": "Compute",
            "resourceGroup": "GPU" if "GPU" in description else "CPU",
            "usageType": usage,
        },
        "serviceRegions": regions,
        "pricingInfo": [
            {
                "pricingExpression": {
                    "usageUnit": "h",
                    "tieredRates": [
                        {
                            "startUsageAmount": 0,
                            "unitPrice": {
                                "currencyCode": currency,
                                "units": str(units),
                                "nanos": nanos,
                            },
                        }
                    ],
                }
            }
        ],
    }
