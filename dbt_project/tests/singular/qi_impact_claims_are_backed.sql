-- Every published claim is backed by all five conditions (README, "The claim"): follow-up complete, data
-- sufficient and not suppressed, the interval on the better side of zero, q within the false discovery
-- level, every design check passed. Rows returned are claims that are not.
select need_id
from {{ ref('qi_impact') }}
where improved
    and not (
        followup_complete
        and sufficient_data
        and not suppressed
        and design_check = 'passed'
        and q_value <= {{ var('fdr_level') }}
        and (
            (improvement_notation = 'increase' and effect_ci_low > 0)
            or (improvement_notation = 'decrease' and effect_ci_high < 0)
        )
    )
