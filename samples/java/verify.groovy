// Not part of the sample: nnl's own build runs this sample (maven-invoker-plugin in cli/pom.xml)
// and then this script, which checks that the run got to the end, predicted well and saved a model.
def log = new File(buildLog).text
def expected = ['Total params: 403', 'epoch 30', 'predictions:', 'the loaded model predicts the same']
def missing = expected.findAll { !log.contains(it) }
if (missing) {
    throw new AssertionError("the sample's output lacks " + missing + "; see " + buildLog)
}
// The pom's slf4j-nop keeps SLF4J's no-binding notice out of a run (docs/java-api.md, Logging).
if (log.contains('SLF4J')) {
    throw new AssertionError("the sample's output shows SLF4J's notice; see " + buildLog)
}
// Lines like "  6.1 2.8 4.7 1.2 cm: versicolor predicted versicolor (p=1.00)"; these 5 rows are easy.
def predictions = log.readLines().findResults { line ->
    def m = line =~ /cm: (\w+) +predicted (\w+)/
    m.find() ? [m.group(1), m.group(2)] : null
}
if (predictions.size() != 5 || predictions.any { it[0] != it[1] }) {
    throw new AssertionError("expected 5 right predictions, found " + predictions)
}
def model = new File(basedir, 'target/iris_mlp.nnlz')
if (!model.isFile() || model.length() == 0) {
    throw new AssertionError("the sample did not save " + model)
}
// The nnl the sample ran with is the one this build deployed (cli/pom.xml), not an older copy
// that was already in the local repository: the local repository holds, byte for byte, the
// deployed nnl-runtime jar and BOM under the file names the deploy gave them (a snapshot's name
// carries the deploy's timestamp, so only a download from the deploy-test repository makes it).
['nnl-runtime': 'jar', 'nnl-bom': 'pom'].each { artifact, ext ->
    def deployed = new File(deployTestRepo, "dev/nnl/${artifact}/${nnlVersion}")
    def name = "${artifact}-${nnlVersion}.${ext}"
    if (nnlVersion.endsWith('-SNAPSHOT')) {
        // The unclassified <snapshotVersion> of this extension (classified ones name a classifier first).
        def m = new File(deployed, 'maven-metadata.xml').text =~
                /<snapshotVersion>\s*<extension>${ext}<\/extension>\s*<value>([^<]+)<\/value>/
        if (!m.find()) {
            throw new AssertionError("no ${ext} in " + new File(deployed, 'maven-metadata.xml'))
        }
        name = "${artifact}-${m.group(1)}.${ext}"
    }
    def local = new File(localRepositoryPath, "dev/nnl/${artifact}/${nnlVersion}/${name}")
    if (!local.isFile() || !Arrays.equals(local.bytes, new File(deployed, name).bytes)) {
        throw new AssertionError("the sample did not resolve ${name} from ${deployed}: " + local)
    }
}
return true
