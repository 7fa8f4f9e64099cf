"""Magento 2 (Adobe Commerce) simulator: the admin REST API's orders, invoices and credit memos
(``/rest/<store_code>/V1/...``), refunds offline and through the payment gateway, with a store per
tenant. What it reproduces and what it does not: FIDELITY.md beside this file."""
