@testable import Distributed
import Testing

@Suite struct WorldTests {
    @Test func aLauncherIsRecognisedByItsEnvironment() {
        #expect(World.launchedByMPI(["OMPI_COMM_WORLD_SIZE": "2"]))
        #expect(World.launchedByMPI(["PMIX_RANK": "0"]))
        #expect(!World.launchedByMPI(["PATH": "/usr/bin", "OMPI_MCA_plm": "x"]))
    }

    @Test func aSingleProcessWorldLeavesBuffersAndFlagsAlone() {
        let world = World.single
        #expect(world.size == 1 && world.rank == 0 && world.isWriter && !world.isParallel)
        var values: [Float] = [1.5, -2, 3]
        values.withUnsafeMutableBufferPointer { world.allreduceSum($0) }
        #expect(values == [1.5, -2, 3])
        var sums = [0.25, 4]
        world.allreduceSum(&sums)
        #expect(sums == [0.25, 4])
        #expect(world.allAgree(true) && !world.allAgree(false))
        #expect(world.gather([1, 2, 3]) == [[1, 2, 3]])
        #expect(world.allgather([1, 2, 3]) == [[1, 2, 3]])
        #expect(world.allgather([]) == [[]])
    }

    @Test func blobsAreLaidOutOneAfterAnotherAndCutBackApart() {
        let layout = BlobLayout(lengths: [2, 0, 3, 0])
        #expect(layout.offsets == [0, 2, 2, 5])
        #expect(layout.total == 5)
        #expect(layout.split([10, 11, 20, 21, 22]) == [[10, 11], [], [20, 21, 22], []])
        #expect(BlobLayout(lengths: []).split([]) == [])
    }
}
