"""The connector under test: the protocol the harness drives (:mod:`.protocol`) and the reference
model of Oracle's NetSuite Connector (formerly FarApp) that ships as the default (:mod:`.reference`)."""
