// ctdiff/nn/nn.hpp — fixed neural networks: layers, losses, parameter sets, initialisation and
// update steps.
#pragma once

#include "ctdiff/nn/layers.hpp"
#include "ctdiff/nn/losses.hpp"
#include "ctdiff/nn/optimizers.hpp"
#include "ctdiff/nn/parameters.hpp"
