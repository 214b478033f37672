"""The other test folders' fixtures the bad-input tests build on."""

from tests.accesslog.conftest import make_entry  # noqa: F401
from tests.companies.conftest import stub  # noqa: F401
from tests.dropout_risk.conftest import risk_world  # noqa: F401
from tests.rejections.conftest import reasons, record, staff  # noqa: F401
from tests.training_declarations.conftest import made, td_world  # noqa: F401
