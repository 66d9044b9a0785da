import SeededRandom

extension SeededGenerator {
    /// Fills `count` values uniformly in [-1/sqrt(fanIn), 1/sqrt(fanIn)): `nn.Linear`'s Kaiming-uniform (a = sqrt(5)).
    mutating func fillKaimingUniform(_ values: UnsafeMutablePointer<Float>, count: Int, fanIn: Int) {
        let bound = 1 / Float(fanIn).squareRoot()
        for i in 0..<count { values[i] = (2 * nextUnitFloat() - 1) * bound }
    }
}
