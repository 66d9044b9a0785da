/// The aggregate E2E scorer takes METEOR through this protocol, so it can also run without the data.
extension METEOR: METEORScoring {}
