use super::*;

#[test]
fn specs_parse_and_split_units_evenly() {
    assert_eq!(Spec::parse("3/8").unwrap(), Spec { index: 3, count: 8 });
    for bad in ["0/4", "5/4", "1/0", "x/2", "2", "1/100001"] {
        assert!(Spec::parse(bad).is_err(), "{bad}");
    }
    // 10 units over 3 shards: 3, 3, 4; over 7: some shards get 1, some 2.
    let s = |i, n| Spec { index: i, count: n };
    assert_eq!(s(1, 3).units(10), 0..3);
    assert_eq!(s(2, 3).units(10), 3..6);
    assert_eq!(s(3, 3).units(10), 6..10);
    let mut next = 0;
    for i in 1..=7 {
        let r = s(i, 7).units(10);
        assert_eq!(r.start, next);
        next = r.end;
    }
    assert_eq!(next, 10);
    assert_eq!(s(12, 1000).folder(), "shard-0012-of-1000");
}

#[test]
fn auto_reads_slurm_and_kubernetes() {
    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    let slurm = env(&[
        ("SLURM_ARRAY_TASK_ID", "3"),
        ("SLURM_ARRAY_TASK_COUNT", "4"),
    ]);
    assert_eq!(Spec::from_env(slurm).unwrap(), Spec { index: 3, count: 4 });
    let zero = env(&[
        ("SLURM_ARRAY_TASK_ID", "0"),
        ("SLURM_ARRAY_TASK_MIN", "0"),
        ("SLURM_ARRAY_TASK_COUNT", "4"),
    ]);
    assert_eq!(Spec::from_env(zero).unwrap(), Spec { index: 1, count: 4 });
    // A resubmitted subset (--array=3) keeps the count of the whole.
    let again = env(&[
        ("SLURM_ARRAY_TASK_ID", "3"),
        ("SLURM_ARRAY_TASK_COUNT", "1"),
        ("NEGSIM_SHARDS", "8"),
    ]);
    assert_eq!(Spec::from_env(again).unwrap(), Spec { index: 3, count: 8 });
    let k8s = env(&[("JOB_COMPLETION_INDEX", "0"), ("NEGSIM_SHARDS", "5")]);
    assert_eq!(Spec::from_env(k8s).unwrap(), Spec { index: 1, count: 5 });
    assert!(Spec::from_env(env(&[("JOB_COMPLETION_INDEX", "0")])).is_err());
    assert!(Spec::from_env(env(&[])).is_err());
}

#[test]
fn array_syntax_groups_runs() {
    assert_eq!(array_syntax(&[3]), "3");
    assert_eq!(array_syntax(&[1, 2, 3, 5, 7, 8]), "1-3,5,7-8");
}

#[test]
fn chunk_state_round_trips_bit_for_bit() {
    let mut exp = Experiment::default_tournament();
    exp.runs = 300;
    exp.match_runs = 3;
    let played = tournament::play_chunk(&exp, 0, 300, false);
    let state = ChunkState {
        pairs: played.pairs.into_iter().map(|(s, _)| s).collect(),
        clustered: played.clustered,
    };
    let bytes = postcard::to_stdvec(&state).unwrap();
    let back: ChunkState = postcard::from_bytes(&bytes).unwrap();
    // Equal bit patterns: serialise again and compare the bytes (a NaN
    // would also compare equal this way, unlike with ==).
    assert_eq!(postcard::to_stdvec(&back).unwrap(), bytes);
    assert_eq!(
        back.pairs[5].surplus[0].mean.to_bits(),
        state.pairs[5].surplus[0].mean.to_bits()
    );
    assert!(back == state);
    // Floats that JSON would round or lose survive.
    let mut m = crate::run::stats::Moments::default();
    for x in [0.1, 1e-310, 1.0 / 3.0] {
        m.push(x);
    }
    let back: crate::run::stats::Moments =
        postcard::from_bytes(&postcard::to_stdvec(&m).unwrap()).unwrap();
    assert_eq!(
        (back.mean.to_bits(), back.sd().to_bits()),
        (m.mean.to_bits(), m.sd().to_bits())
    );
}
