"""One shape for "may this person take this step, and if not, why not"."""

from dataclasses import dataclass, field


@dataclass
class Verdict:
    """Hard blocks that refuse a step, and warnings that allow it with a written reason."""

    blocks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.blocks
