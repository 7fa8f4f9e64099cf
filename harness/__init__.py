"""The harness side: transports that connect clients to the simulators, the connector under test,
and the evidence written into the Allure report."""
