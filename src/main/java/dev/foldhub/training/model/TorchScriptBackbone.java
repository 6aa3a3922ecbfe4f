package dev.foldhub.training.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A TorchScript module (model.weights) fine-tuned as a whole, with a Linear(num_classes) head appended when
 * the module's output width is not num_classes (a feature extractor, or a model still carrying its ImageNet
 * classifier); a 4-d output is average-pooled first. The module's own layers are not replaced: a TorchScript
 * graph cannot be edited from DJL, so the README says how to export without the classifier.
 * Saved with the trained module inside (the checkpoint does not need the weights file again).
 */
final class TorchScriptBackbone extends AbstractBlock {

    private static final byte VERSION = 1;

    private final PtSymbolBlock module;
    private long features;
    private int numClasses;
    private double dropout;
    private Block head;

    private TorchScriptBackbone(PtSymbolBlock module) {
        super(VERSION);
        this.module = addChildBlock("module", module);
    }

    /**
     * Loads {@code weights} onto the manager's device with every parameter trainable and measures its output width
     * with one eval-mode forward of a {@code (1, 3, inputSize, inputSize)} input.
     */
    static TorchScriptBackbone load(NDManager manager, Path weights, int inputSize, int numClasses, double dropout) {
        PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager, weights, true, new String[0],
                new String[0], true);
        module.freezeParameters(false);
        TorchScriptBackbone block = new TorchScriptBackbone(module);
        try (NDManager probe = manager.newSubManager()) {
            NDList out = module.forward(new ParameterStore(probe, false),
                    new NDList(probe.zeros(new Shape(1, 3, inputSize, inputSize))), false);
            Shape shape = out.head().getShape();
            if (shape.dimension() != 2 && shape.dimension() != 4) {
                throw new IllegalArgumentException("model.weights: the module outputs shape " + shape
                        + "; expected (N, features) or (N, channels, H, W)");
            }
            block.features = shape.get(1);
        }
        block.numClasses = numClasses;
        block.dropout = dropout;
        if (block.features != numClasses) {
            block.addHead();
        } else if (dropout > 0) {
            throw new IllegalArgumentException("model.dropout needs an appended head, but the module already outputs "
                    + numClasses + " values; export it without its classifier");
        }
        return block;
    }

    /** An empty block for {@code Model.load}: the module, head and sizes come from the checkpoint. */
    static TorchScriptBackbone forCheckpoint(NDManager manager) {
        return new TorchScriptBackbone(new PtSymbolBlock((PtNDManager) manager));
    }

    /** Whether a Linear head was appended (only then can the module be frozen and the head still train). */
    boolean hasHead() {
        return head != null;
    }

    /** Freezes or unfreezes every parameter of the TorchScript module; the appended head always trains. */
    void freezeModule(boolean frozen) {
        if (frozen && head == null) {
            throw new IllegalArgumentException("model.freeze_backbone_epochs needs an appended head, but the module "
                    + "already outputs num_classes values; export it without its classifier");
        }
        module.freezeParameters(frozen);
    }

    private void addHead() {
        if (dropout > 0) {
            addChildBlock("dropout", Dropout.builder().optRate((float) dropout).build());
        }
        // ResNetFactory's head: uniform in +-1/sqrt(fan_in), so the first logits are torch-sized
        head = addChildBlock("head", ResNetFactory.head(numClasses, features));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = module.forward(parameterStore, inputs, training, params).head();
        if (x.getShape().dimension() == 4) {
            x = x.mean(new int[] {2, 3}); // global average pool
        }
        if (head == null) {
            return new NDList(x);
        }
        NDList out = new NDList(x);
        for (Block child : getChildren().values()) {
            if (child != module) {
                out = child.forward(parameterStore, out, training, params);
            }
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // why: PtSymbolBlock.getOutputShapes runs a forward on the default device, so it is never called here
        module.initialize(manager, dataType, inputShapes);
        Shape pooled = new Shape(inputShapes[0].get(0), features);
        for (Block child : getChildren().values()) {
            if (child != module) {
                child.initialize(manager, dataType, pooled);
            }
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(features);
        os.writeInt(numClasses);
        os.writeDouble(dropout);
        os.writeBoolean(head != null);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("not a Foldhub TorchScript checkpoint (version " + loadVersion + ")");
        }
        readInputShapes(is);
        features = is.readLong();
        numClasses = is.readInt();
        dropout = is.readDouble();
        if (is.readBoolean() && head == null) {
            addHead(); // children are read after the metadata, so the head's parameters load into it
        }
    }

    /** The number of outputs the checkpoint was trained for (known after loading). */
    int numClasses() {
        return numClasses;
    }
}
